"""Department scoping: which complaints a user may see and act on.

*Department roles* — the advisor (服务顾问/销售顾问) and the department manager (部门经理) — work
on their own department's complaints: those whose complained department or responsible
department is the department of the user's staff record. They also keep the complaints they
registered or handle, wherever those went (the first-asked person owns the answer, 000 用户抱怨
处理制度 二.1). Everybody else sees every complaint: the clerk registers and dispatches for
all departments, the service manager and the general manager decide across them, the auditor
reads everything. The administrator sees the lists too but cannot act on complaints: the
registering, editing and approving roles exclude ``admin`` and the field permissions give it no
writable field (:mod:`panel.access.fields`).

:func:`restrict` is the one filter every read path goes through (lists, counts, exports, rows
by id, drop-downs, queues); :func:`may_see` is the same predicate on a loaded complaint, for
the flush-time rule and for files served by id.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Query

from panel.access.roles import SCOPED_ROLES
from panel.complaints.models import Complaint
from panel.organisation.models.user import User


def is_scoped(user: User | None) -> bool:
    """Whether ``user`` sees only the complaints of their department."""
    return user is not None and user.role in SCOPED_ROLES


def department_id_of(user: User) -> int | None:
    """The department of the user's staff record, or None when the account has none."""
    return user.staff.department_id if user.staff is not None else None


def complaint_clause(user: User) -> ColumnElement[bool] | None:
    """SQL condition on ``Complaint`` for the rows ``user`` may see; None means all rows."""
    if not is_scoped(user):
        return None
    department = department_id_of(user)
    parts = [Complaint.handler_id == user.id, Complaint.recorded_by_id == user.id]
    if department is not None:
        parts += [
            Complaint.complained_department_id == department,
            Complaint.responsible_department_id == department,
        ]
    return or_(*parts)


def restrict(query, user: User | None, key=Complaint.id):
    """Narrow ``query`` (a ``Query`` or a ``select``) to the rows ``user`` may see.

    ``key`` is the column holding the complaint id: ``Complaint.id`` for complaints,
    ``Remedy.complaint_id`` and the like for rows that belong to a complaint. Rows without a
    complaint (company-wide entries) are hidden from department roles. An anonymous user
    sees nothing.
    """
    if user is None:
        return query.filter(false()) if isinstance(query, Query) else query.where(false())
    clause = complaint_clause(user)
    if clause is None:
        return query
    if key is not Complaint.id:
        clause = key.in_(select(Complaint.id).where(clause))
    return query.filter(clause) if isinstance(query, Query) else query.where(clause)


def may_see(user: User | None, complaint: Complaint | None, values=None) -> bool:
    """:func:`complaint_clause` evaluated in Python on a loaded complaint.

    ``values`` (a mapping) overrides its attributes: the flush-time rule passes the stored
    values, read from the database, and no complaint.
    """
    if user is None:
        return False
    if not is_scoped(user):
        return True
    values = values or {}

    def get(name):
        return values[name] if name in values else getattr(complaint, name)

    if user.id is not None and user.id in (get("handler_id"), get("recorded_by_id")):
        return True
    department = department_id_of(user)
    return department is not None and department in (
        get("complained_department_id"),
        get("responsible_department_id"),
    )
