"""Field permissions: who may change which complaint field, and who may see what.

Data, checked at flush time on every write path (form, inline edit, import, script) by
:mod:`panel.access.rules`, and reflected in the forms by removing the fields a role may not
change (a read-only widget would still post its value).

Fields outside :data:`DIRECT_FIELDS` change only through the process operations, whose own
rules decide who may take them (status, handler, fault, reply, due times; see
``panel.complaints.rules.lifecycle`` and ``panel.core.flush``). Remedies follow the authority table
(``panel.remedies.rules``).
"""

from __future__ import annotations

from panel.access.roles import MANAGERS
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.organisation.models.user import Role
from panel.remedies.models import Remedy

# What the customer told us: every registering role records it.
INTAKE_FIELDS = frozenset(
    {
        "received_at",
        "channel",
        "regulator_name",
        "complainant_name",
        "complainant_phone",
        "complainant_address",
        "plate_number",
        "vehicle_model",
        "repair_order_no",
        "trip_at",
        "trip_route",
        "content",
        "read_back",
        "customer_demand",
        "complained_department_id",
        "complained_staff_id",
        "people_count",
        "flag_safety",
        "flag_injury",
        "flag_media",
        "flag_lawyer",
        "flag_police",
        "flag_consumer_association",
        "flag_government",
        "flag_repeat_repair",
        "flag_lawsuit",
        "category",
        "nature",
        "urgency",
    }
)
# The amount claimed and the severity decide who approves and when it escalates: the clerk
# who records them and the managers, never the advisor who handles the complaint (004 §八.1.4).
WEIGHT_FIELDS = frozenset({"amount_claimed", "severity", "severity_lowered_reason"})
DIRECT_FIELDS = INTAKE_FIELDS | WEIGHT_FIELDS

WRITABLE_COMPLAINT_FIELDS: dict[Role, frozenset[str]] = {
    Role.CLERK: DIRECT_FIELDS,
    Role.ADVISOR: INTAKE_FIELDS,
    **{role: DIRECT_FIELDS for role in MANAGERS},
    Role.AUDITOR: frozenset(),
    Role.ADMIN: frozenset(),
}

# Set by a process step: only who may take that step may change them (the step's own rule
# then checks the rest when the status moves). Dispatching sets the responsible department,
# starting the investigation names the handler, submitting drafts the reply, ...
SET_BY_STEP: dict[str, tuple[Status, ...]] = {
    "responsible_department_id": (Status.DISPATCHED,),
    "handler_id": (Status.INVESTIGATING,),
    "reply_content": (Status.AWAITING_APPROVAL, Status.INVALID),
    "customer_opinion": (Status.REPLIED,),
}
# Set by the rules themselves (numbering, registration, transitions), never by a user.
SET_BY_RULES = frozenset({"number", "recorded_by_id", "replied_at", "closed_at", "reopen_count"})
PROCESS_FIELDS = frozenset(SET_BY_STEP) | SET_BY_RULES


# Money and fault are none of the administrator's business: the administrator keeps users,
# departments and policies and sees the complaint lists without them.
HIDDEN_FIELDS: dict[Role, dict[type, frozenset[str]]] = {
    Role.ADMIN: {
        Complaint: frozenset({"amount_claimed", "fault", "fault_evidence"}),
        Remedy: frozenset({"amount", "description", "decision_comment"}),
    },
}
# Roles that see the remedies on the case file (everybody who handles, approves or audits).
# Roles that act on nothing: no complaint, remedy, callback, penalty or attachment changes.


def writable_fields(role: Role | None, model) -> frozenset[str] | None:
    """The column keys ``role`` may change directly on ``model``; None: not governed here."""
    if model is not Complaint:
        return None
    return WRITABLE_COMPLAINT_FIELDS.get(role, frozenset())


def may_write(role: Role | None, model, name: str) -> bool:
    """Whether a form field or column ``name`` of ``model`` may be changed by ``role``."""
    allowed = writable_fields(role, model)
    if allowed is None:
        return True
    key = column_key(model, name)
    return key not in DIRECT_FIELDS or key in allowed


def process_only(model, name: str) -> bool:
    """Whether a field of an existing row changes only through the process steps."""
    return model is Complaint and column_key(model, name) in PROCESS_FIELDS


def column_key(model, name: str) -> str:
    """A form field (``complained_department``) to its column (``complained_department_id``)."""
    columns = model.__table__.columns
    if name not in columns and f"{name}_id" in columns:
        return f"{name}_id"
    return name


def hidden_fields(role: Role | None, model) -> frozenset[str]:
    """Attribute names ``role`` does not see on ``model`` (lists, details, exports)."""
    hidden = HIDDEN_FIELDS.get(role, {}).get(model, frozenset())
    return hidden | {name[:-3] for name in hidden if name.endswith("_id")}
