"""Status, severity and urgency as coloured badges, the same on the list, the case file, the
approval page and the registration form's live classification."""

from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from panel.complaints.enums import OPEN_STATUSES, Severity, Status, Urgency
from panel.complaints.rules.deadlines import is_overdue
from panel.worktime.display import remaining

SEVERITY_CSS = {
    Severity.GENERAL: "secondary",
    Severity.MAJOR: "warning",
    Severity.SPECIAL_MAJOR: "danger",
}
STATUS_CSS = {
    Status.REGISTERED: "info",
    Status.DISPATCHED: "primary",
    Status.INVESTIGATING: "primary",
    Status.AWAITING_APPROVAL: "dark",  # not the colour of a severity: it waits on a manager
    Status.APPROVED: "success",
    Status.REPLIED: "success",
    Status.CALLBACK_DONE: "success",
    Status.CLOSED: "secondary",
    Status.INVALID: "light",
    Status.PENDING_CUSTOMER: "light",
    Status.REOPENED: "danger",
}
_made: dict[tuple[str, object], Markup] = {}


def _badge(kind: str, member, css: str) -> Markup:
    """``<span class="badge badge-…" data-…="value">label</span>``, made once per language."""
    key = (str(get_locale()), member)
    badge = _made.get(key)
    if badge is None:
        badge = _made[key] = Markup(
            f'<span class="badge badge-{css}" data-{kind}="{escape(member.value)}">'
            f"{escape(str(member.label))}</span>"
        )
    return badge


def severity_badge(severity: Severity | None) -> Markup:
    return _badge("severity", severity, SEVERITY_CSS[severity]) if severity else Markup("")


def status_badge(status: Status | None) -> Markup:
    return _badge("status", status, STATUS_CSS[status]) if status else Markup("")


def urgency_badge(urgency: Urgency | None) -> Markup:
    """Only the urgent mark: a normal urgency is the rule and shows nothing."""
    if urgency is not Urgency.URGENT:
        return Markup("")
    return _badge("urgency", urgency, "danger")


def time_left(complaint, now: datetime, soon: datetime) -> Markup:
    """The time left of the current step (wall-clock words from the stored due times, which
    count working time — :mod:`panel.worktime`), or how long it is overdue, as a badge; a
    missed resolution deadline counts as overdue too. ``soon``: due before it is "due soon".
    Nothing for a closed complaint or one without a due time; ``data-overdue`` marks the row
    on the list (``desk.css``)."""
    if complaint.status not in OPEN_STATUSES:
        return Markup("")
    if complaint.status is Status.PENDING_CUSTOMER:
        return Markup('<span class="badge badge-secondary" data-left="paused">{}</span>').format(
            _("Waiting on the customer")
        )
    due = complaint.step_due_at
    if is_overdue(complaint, now):
        missed = [d for d in (due, complaint.resolve_due_at) if d is not None and d < now]
        words, _state = remaining(min(missed), now, soon)
        return Markup(
            '<span class="badge badge-danger" data-left="overdue" data-overdue>{}</span>'
        ).format(words)
    if due is None:
        return Markup("")
    words, state = remaining(due, now, soon)
    css = "warning" if state == "soon" else "light"
    return Markup('<span class="badge badge-{}" data-left="{}">{}</span>').format(css, state, words)
