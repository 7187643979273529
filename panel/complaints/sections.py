"""The case file's record, grouped as the registration form groups it, with empty fields left
out: a repair-shop complaint shows no trip, an untouched flag no "否", an amount of nothing no
"¥0.00". Values come from the view's ``get_value`` (formatters, phone masking) and only the
columns the user's role may see (``details_columns``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from panel.complaints.badges import severity_badge
from panel.complaints.models import FLAG_FIELDS, Complaint
from panel.core.models import lazy_label

GROUPS = (
    (
        "customer",
        _l("Customer"),
        (
            "complainant_name",
            "complainant_phone",
            "complainant_address",
            "received_at",
            "channel",
            "regulator_name",
        ),
    ),
    (
        "vehicle",
        _l("Vehicle or trip"),
        ("plate_number", "vehicle_model", "repair_order_no", "trip_at", "trip_route"),
    ),
    (
        "complaint",
        _l("The complaint"),
        (
            "content",
            "read_back",
            "category",
            "nature",
            "complained_department",
            "complained_staff",
            "recorded_by",
        ),
    ),
    ("demand", _l("What the customer asks"), ("customer_demand", "amount_claimed", "people_count")),
    (
        "classification",
        _l("Classification"),
        ("severity", "severity_lowered_by", "severity_lowered_reason", "urgency"),
    ),
    (
        "handling",
        _l("Handling"),
        (
            "responsible_department",
            "handler",
            "fault",
            "fault_evidence",
            "reply_content",
            "replied_at",
            "customer_opinion",
            "regulator_replied_at",
            "closed_at",
            "reopen_count",
        ),
    ),
    ("record", _l("Record"), ("created_at", "updated_at")),
)
# Shown elsewhere on the case file (header, deadlines, progress bar) or nobody's business.
ELSEWHERE = frozenset(
    {
        "id",
        "number",
        "status",
        "version_id",
        "severity_computed",
        "step_due_at",
        "resolve_due_at",
        "callback_due_at",
        "escalate_due_at",
        "regulator_reply_due_at",
        "out_of_hours",
        "paused_at",
        "paused_seconds",
        *FLAG_FIELDS,
    }
)
LONG_TEXT = frozenset(
    {"content", "customer_demand", "fault_evidence", "reply_content", "customer_opinion"}
)
# A value that says nothing here: the default of a number, a box never ticked.
_NOTHING = {"amount_claimed": Decimal("0"), "people_count": 1, "reopen_count": 0}


@dataclass
class Section:
    name: str
    title: object
    rows: list[tuple[str, object, object]] = field(default_factory=list)  # key, label, value
    flags: list[str] = field(default_factory=list)


def _empty(model: Complaint, key: str) -> bool:
    raw = getattr(model, key, None)
    if raw is None or raw == "" or raw is False:
        return key != "read_back"  # "not read back" is worth seeing
    return key in _NOTHING and raw == _NOTHING[key]


def sections(model: Complaint, columns, get_value) -> list[Section]:
    """The groups with their non-empty fields; fields of no group come last ("Other")."""
    labels = dict(columns)
    placed: set[str] = set()
    result = []
    for name, title, keys in GROUPS:
        section = Section(name, title)
        for key in keys:
            placed.add(key)
            if key in labels and not _empty(model, key):
                value = get_value(model, key)
                if key == "severity":
                    value = severity_badge(model.severity)
                section.rows.append((key, labels[key], value))
        if name == "classification":
            section.flags = [
                str(lazy_label(Complaint, f)) for f in FLAG_FIELDS if getattr(model, f)
            ]
        if section.rows or section.flags:
            result.append(section)
    other = Section("other", _l("Other"))
    for key, label in columns:
        if key not in placed and key not in ELSEWHERE and not _empty(model, key):
            other.rows.append((key, label, get_value(model, key)))
    if other.rows:
        result.append(other)
    return result


def value_css(key: str) -> str:
    return "desk-long" if key in LONG_TEXT else ""


def is_markup(value) -> bool:
    return isinstance(value, Markup)
