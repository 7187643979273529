"""The registration form's live verdict: the severity and urgency the criteria give the
complaint as typed so far, with their reasons, and a warning when the demand or the content
reads like a promise. The same functions the flush-time rules use judge a draft of the
complaint, which is never added to the session."""

from __future__ import annotations

from decimal import Decimal

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from panel.complaints.badges import severity_badge, urgency_badge
from panel.complaints.enums import Severity
from panel.complaints.models import Complaint
from panel.complaints.rules import classification
from panel.complaints.rules.promises import promise_warnings
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.validation import normalise_phone, normalise_plate

# What a complaint not yet saved holds beyond the form's fields.
_NEW = {
    "id": None,
    "status": None,
    "fault": None,
    "remedies": (),
    "pauses": (),
    "reopen_count": 0,
    "amount_claimed": Decimal("0"),
    "people_count": 1,
}
_NORMALISE = {"complainant_phone": normalise_phone, "plate_number": normalise_plate}


class Draft:
    """The complaint as the form reads now: its fields over the stored row (when editing)."""

    def __init__(self, values: dict, stored: Complaint | None = None) -> None:
        self._stored = stored
        self.__dict__.update(values)
        if self.__dict__.get("received_at") is None and stored is None:
            self.received_at = clock.now()

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        if self._stored is not None:
            return getattr(self._stored, name)
        return _NEW.get(name)


def draft_of_form(form) -> Draft:
    """A draft from the form's parsed values (a value that does not parse counts as empty)."""
    values = {}
    for field in form:
        if field.name in ("csrf_token",) or field.type == "HiddenField":
            continue
        value = field.data
        normalise = _NORMALISE.get(field.name)
        if normalise is not None:
            try:
                value = normalise("", value)
            except RuleError:
                value = None
        if value in (None, "") and field.name in _NEW:
            continue
        values[field.name] = value
    return Draft(values, getattr(form, "complaint", None))


def verdict(draft: Draft) -> dict:
    """``severity``, ``urgency`` and ``reasons`` by the criteria; ``warnings`` of promises."""
    session = db.session
    with session.no_autoflush:
        reasons = classification.severity_reasons(session, draft)
    return {
        "severity": classification.severity_of(reasons),
        "urgency": classification.computed_urgency(draft),
        "reasons": reasons,
        "warnings": promise_warnings(draft),
    }


def panel_html(draft: Draft, chosen: Severity | None) -> Markup:
    """The inside of the live panel."""
    result = verdict(draft)
    computed = result["severity"]
    reasons = Markup("").join(
        Markup("<li>{} {}</li>").format(severity_badge(r.severity), r.text)
        for r in result["reasons"]
    ) or Markup('<li class="text-muted">{}</li>').format(
        _("No criterion for a major complaint is met.")
    )
    note = Markup("")
    if isinstance(chosen, Severity) and chosen.rank < computed.rank:
        note = Markup(
            '<div class="small text-danger" data-testid="below-criteria">{}</div>'
        ).format(
            _(
                "The chosen severity is below the criteria: only a manager may lower it, "
                "with a reason."
            )
        )
    warnings = Markup("").join(
        Markup(
            '<div class="alert alert-warning small py-1 px-2 mb-1" data-promise="{}">{}</div>'
        ).format(field, message)
        for field, message in result["warnings"]
    )
    return Markup(
        '<div class="desk-verdict" data-computed="{}">{} {} {}</div><ul class="desk-reasons '
        'small" data-testid="reasons">{}</ul>{}<div data-testid="promise-warnings">{}</div>'
    ).format(
        computed.value,
        _("By the criteria:"),
        severity_badge(computed),
        urgency_badge(result["urgency"]),
        reasons,
        note,
        warnings,
    )


def panel_of_form(form) -> Markup:
    """The live panel as the form is rendered, with the address its script asks."""
    stored = getattr(form, "complaint", None)
    chosen = form.severity.data if "severity" in form else None
    url = url_for("complaint.classify_view", **({"id": stored.id} if stored is not None else {}))
    return Markup(
        '<div class="desk-live border rounded p-2 mb-2" data-url="{}" '
        'data-testid="classification" aria-live="polite">{}</div>'
    ).format(url, panel_html(draft_of_form(form), chosen))
