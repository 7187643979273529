"""The work queues: which complaints wait for whom.

Each queue is a SQL condition on ``Complaint`` for the current user; every count and list adds
the department scope (:func:`panel.access.scope.restrict`). The complaint list shows a queue
through :class:`QueueFilter`, so a queue has the list's search, sorting, masking and export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, false, func, or_, select, true
from sqlalchemy.orm import Session, contains_eager

from panel.access import scope
from panel.access.roles import (
    ALL_ROLES,
    APPROVAL_LADDER,
    ESCALATION_READERS,
    MANAGERS,
    SCOPED_ROLES,
    WORKERS,
)
from panel.complaints.enums import OPEN_STATUSES, Status
from panel.complaints.models import Complaint
from panel.complaints.rules.deadlines import escalation_clause, overdue_clause
from panel.core import clock
from panel.core.errors import RuleError
from panel.organisation.models.user import Role, User
from panel.remedies import rules as authority
from panel.remedies.models import Remedy, RemedyStatus
from panel.worktime import queues as worktime

# The states in which the next step is the front desk's: dispatch, reply, callback, close.
FRONT_DESK_WORK = frozenset(
    {Status.REGISTERED, Status.REOPENED, Status.APPROVED, Status.REPLIED, Status.CALLBACK_DONE}
)


def _open() -> ColumnElement[bool]:
    return Complaint.status.in_(OPEN_STATUSES)


def _handled_by(user: User) -> ColumnElement[bool]:
    return and_(_open(), Complaint.handler_id == user.id)


def mine(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    """The complaints whose next step is this user's."""
    if user.role is Role.CLERK:
        return Complaint.status.in_(FRONT_DESK_WORK)
    if user.role is Role.DEPT_MANAGER:  # name the responsible person, or handle it yourself
        return or_(Complaint.status == Status.DISPATCHED, _handled_by(user))
    if user.role in MANAGERS or user.role is Role.ADVISOR:
        return _handled_by(user)
    return false()


def department(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    """Open complaints against or assigned to the user's department."""
    department_id = scope.department_id_of(user)
    if department_id is None:
        return false()
    return and_(
        _open(),
        or_(
            Complaint.complained_department_id == department_id,
            Complaint.responsible_department_id == department_id,
        ),
    )


def due_today(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    """Open complaints whose current step falls due between now and midnight."""
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return and_(_open(), Complaint.step_due_at >= now, Complaint.step_due_at < midnight)


def overdue(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    """A missed step deadline or a missed resolution deadline (已超时)."""
    return overdue_clause(now)


def escalated(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    return escalation_clause(session, now)


def pending(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    """The pending-on-customer ledger (未了事宜台帐)."""
    return Complaint.status == Status.PENDING_CUSTOMER


def awaiting_approval(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    ids = {item.complaint.id for item in approval_items(session, user)}
    return Complaint.id.in_(ids) if ids else false()


def open_all(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    return _open()


@dataclass(frozen=True)
class Queue:
    name: str
    label: object
    roles: frozenset[Role]
    clause: Callable[[Session, User, datetime], ColumnElement[bool]] = field(compare=False)
    alert: bool = False  # shown in red when not empty


QUEUES = {
    q.name: q
    for q in (
        Queue("approval", _l("Awaiting my approval"), MANAGERS, awaiting_approval, alert=True),
        Queue("mine", _l("My work"), WORKERS - {Role.AUDITOR}, mine),
        Queue("department", _l("My department's"), SCOPED_ROLES, department),
        Queue(
            "duty",
            _l("Duty manager: urgent, out of hours"),
            worktime.DUTY_ROLES,
            worktime.duty,
            alert=True,
        ),
        Queue("due_today", _l("Due today"), WORKERS, due_today),
        Queue("due_soon", _l("Due within 2 working hours"), WORKERS, worktime.due_soon),
        Queue("overdue", _l("Overdue"), WORKERS, overdue, alert=True),
        Queue(
            "escalated",
            _l("Escalated"),
            ESCALATION_READERS,
            escalated,
            alert=True,
        ),
        Queue("pending", _l("Pending on the customer (ledger)"), WORKERS, pending),
        Queue("regulator", _l("Reply to regulator owed"), WORKERS, worktime.regulator),
        Queue("open", _l("All open"), ALL_ROLES, open_all),
    )
}


def queues_for(user: User) -> list[Queue]:
    """The queues that matter to the user's role, in display order."""
    return [q for q in QUEUES.values() if user.role in q.roles]


def queue_statement(session: Session, user: User, name: str, now: datetime | None = None):
    """``select(Complaint)`` of a queue, within the user's scope."""
    queue = QUEUES[name]
    clause = (
        queue.clause(session, user, now or clock.now()) if user.role in queue.roles else false()
    )
    return scope.restrict(select(Complaint).where(clause), user)


def count(session: Session, user: User, name: str, now: datetime | None = None) -> int:
    statement = queue_statement(session, user, name, now)
    return session.scalar(select(func.count()).select_from(statement.subquery()))


# --- approvals --------------------------------------------------------------------------------


@dataclass
class ApprovalItem:
    """A complaint waiting for this manager: remedies they may decide, or the reply itself."""

    complaint: Complaint
    remedies: list[Remedy]

    @property
    def reply_ready(self) -> bool:
        """All remedies decided: the reply step (approve remedy and reply) is what waits."""
        return not self.remedies


def remedies_awaiting(
    session: Session, user: User, complaint_id: int | None = None
) -> list[Remedy]:
    """Proposals waiting at or below the manager's rung that the manager's limit covers,
    within scope, neither proposed by them nor about them (of one complaint, if given)."""
    if user.role not in MANAGERS:
        return []
    rungs = APPROVAL_LADDER[: APPROVAL_LADDER.index(user.role) + 1]
    statement = (
        select(Remedy)
        .join(Remedy.complaint)
        .where(
            Remedy.status == RemedyStatus.PROPOSED,
            Remedy.awaiting_role.in_(rungs),
            or_(Remedy.proposed_by_id.is_(None), Remedy.proposed_by_id != user.id),
            _not_about(user),
        )
        .order_by(Remedy.proposed_at, Remedy.id)
    )
    if complaint_id is not None:
        statement = statement.where(Remedy.complaint_id == complaint_id)
    statement = scope.restrict(statement, user, Remedy.complaint_id)
    candidates = session.scalars(statement.options(contains_eager(Remedy.complaint))).all()
    grants: dict[tuple, bool] = {}  # the same kind and amount: the same answer

    def covered(remedy: Remedy) -> bool:
        key = (remedy.kind, remedy.amount)
        if key not in grants:
            grants[key] = authority.can_grant(session, user.role, remedy.kind, remedy.amount)
        return grants[key]

    return [r for r in candidates if covered(r)]


def why_not_mine(session: Session, remedy: Remedy, user: User) -> str:
    """Why a proposal on the screen is not this manager's to decide (shown instead of buttons)."""
    if remedy.proposed_by_id == user.id:
        return _("You proposed it; another manager decides.")
    complained = remedy.complaint.complained_staff_id
    if user.staff_id is not None and user.staff_id == complained:
        return _("You are the person complained about.")
    try:
        approver = authority.approving_role(session, remedy.kind, remedy.amount)
    except RuleError as exc:
        return exc.message
    if not authority.can_grant(session, user.role, remedy.kind, remedy.amount):
        return _("Above your authority: escalated to %(role)s.", role=approver.label)
    return _("Waits for %(role)s.", role=remedy.awaiting_role.label)


def _not_about(user: User) -> ColumnElement[bool]:
    if user.staff_id is None:
        return true()
    return or_(
        Complaint.complained_staff_id.is_(None), Complaint.complained_staff_id != user.staff_id
    )


def approval_items(session: Session, user: User) -> list[ApprovalItem]:
    """Everything awaiting the manager's decision, oldest first."""
    if user.role not in MANAGERS:
        return []
    items: dict[int, ApprovalItem] = {}
    for remedy in remedies_awaiting(session, user):
        items.setdefault(remedy.complaint.id, ApprovalItem(remedy.complaint, [])).remedies.append(
            remedy
        )
    undecided = select(Remedy.id).where(
        Remedy.complaint_id == Complaint.id, Remedy.status == RemedyStatus.PROPOSED
    )
    replies = select(Complaint).where(
        Complaint.status == Status.AWAITING_APPROVAL, ~undecided.exists(), _not_about(user)
    )
    for complaint in session.scalars(scope.restrict(replies, user)):
        items.setdefault(complaint.id, ApprovalItem(complaint, []))
    return sorted(items.values(), key=lambda item: (item.complaint.received_at, item.complaint.id))


# --- the complaint list's queue filter ---------------------------------------------------------


class QueueFilter(BaseSQLAFilter):
    """``?flt<n>_<idx>=<queue>`` on the complaint list: the rows of one of the user's queues."""

    def __init__(self) -> None:
        super().__init__(
            Complaint.id, _l("Queue"), options=[(q.name, q.label) for q in QUEUES.values()]
        )

    def validate(self, value) -> bool:
        return value in QUEUES

    def apply(self, query, value, alias=None):
        from flask_login import current_user

        from panel.core.extensions import db

        user = current_user._get_current_object()
        queue = QUEUES[value]
        if user.role not in queue.roles:
            return query.filter(false())
        return query.filter(queue.clause(db.session, user, clock.now()))

    def operation(self):
        return _l("is")
