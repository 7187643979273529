"""All models, imported here so that Alembic and the app see every table."""

from panel.models.authority import AuthorityLimit
from panel.models.complaint import Complaint, ComplaintNumberCounter
from panel.models.complaint_enums import (
    Category,
    Channel,
    Fault,
    Nature,
    Severity,
    Status,
    Urgency,
)
from panel.models.department import Department, DepartmentKind
from panel.models.history import AuditEntry, Callback, ComplaintTransition
from panel.models.penalty import Penalty, PenaltyKind, PenaltyStatus
from panel.models.remedy import Remedy, RemedyKind, RemedyStatus
from panel.models.setting import Setting
from panel.models.sla import SlaPolicy, SlaStep
from panel.models.staff import Staff
from panel.models.user import MANAGER_ROLES, Role, User

__all__ = [
    "AuditEntry",
    "AuthorityLimit",
    "Callback",
    "ComplaintTransition",
    "Remedy",
    "RemedyKind",
    "RemedyStatus",
    "Setting",
    "SlaPolicy",
    "SlaStep",
    "MANAGER_ROLES",
    "Category",
    "Channel",
    "Complaint",
    "ComplaintNumberCounter",
    "Department",
    "DepartmentKind",
    "Fault",
    "Nature",
    "Penalty",
    "PenaltyKind",
    "PenaltyStatus",
    "Role",
    "Severity",
    "Staff",
    "Status",
    "Urgency",
    "User",
]
