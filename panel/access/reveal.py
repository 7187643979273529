"""Reading a full phone number is an audited act (DOMAIN.md "Privacy", 001 taxi §七, 003 §9).

Roles that do not call customers see masked numbers everywhere (``panel.access.privacy``). A
manager or the auditor who needs the number asks for it on the case file: the full number is
shown once and an audit entry (action ``read``) records who read which field of which
complaint. The audit trail itself shows phone numbers masked to those roles.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from panel.access.privacy import mask_phone, sees_full_phone
from panel.access.roles import REVIEWERS
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.audit.models import AuditEntry
from panel.organisation.models.user import Role, User

# Who may ask for a full number: the managers and the auditor (never the administrator).
READ = "read"


def may_reveal(role: Role | None) -> bool:
    """Whether ``role`` sees masked numbers but may ask for one in full."""
    return role in REVIEWERS and not sees_full_phone(role)


def record_phone_read(session: Session, complaint: Complaint, user: User) -> AuditEntry:
    """Append the ``read`` entry for ``user`` reading the complainant's phone number."""
    masked = mask_phone(complaint.complainant_phone)
    entry = AuditEntry(
        at=clock.now(),
        actor_id=user.id,
        actor_name=user.username,
        action=READ,
        table_name="complaint",
        row_id=str(complaint.id),
        complaint_id=complaint.id,
        changes={"complainant_phone": [masked, masked]},
    )
    session.add(entry)
    session.flush()
    return entry


def is_phone_key(key: str) -> bool:
    return key == "phone" or key.endswith("_phone")


def audit_value(value, key: str, role: Role | None):
    """A value of the audit trail as ``role`` may see it: phone numbers masked where needed."""
    if value is not None and is_phone_key(str(key)) and not sees_full_phone(role):
        return mask_phone(str(value))
    return value
