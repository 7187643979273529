"""What the data generator needs to know about the organisation, read once from the database.

The generator writes years of history without going through the session rules, so it takes
the rules' own data here — departments, staff, users per role, deadlines, authority limits,
classification thresholds, the penalty schedule — and asks the rule functions the questions it
needs answered (who approves a remedy, what a step's limit is), remembering each answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.complaints.enums import Severity, Urgency
from panel.complaints.rules import deadlines
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.organisation.models.sla import SlaStep
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
from panel.organisation.settings import get_setting
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind
from panel.worktime import policies, store
from panel.worktime.calendar import WorkingCalendar
from panel.worktime.policies import Limit


@dataclass(frozen=True)
class Person:
    id: int
    username: str
    staff_id: int | None
    role: Role


@dataclass
class Organisation:
    """Departments, staff and users of the target database plus memoised rule answers."""

    session: Session
    departments: dict[str, int] = field(default_factory=dict)
    staff_of_department: dict[int, list[int]] = field(default_factory=dict)
    drivers: list[tuple[int, str | None]] = field(default_factory=list)
    users: dict[Role, list[Person]] = field(default_factory=dict)
    offences: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)
    thresholds: dict[str, Decimal] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> Organisation:
        """Read the organisation; refuse when it lacks the people the process needs."""
        org = cls(session)
        for dept in session.scalars(select(Department).where(Department.active.is_(True))):
            org.departments[dept.code] = dept.id
            org.staff_of_department[dept.id] = []
        for staff in session.scalars(
            select(Staff).where(Staff.active.is_(True)).order_by(Staff.id)
        ):
            if staff.is_driver:
                org.drivers.append((staff.id, staff.vehicle_plate))
            elif staff.department_id in org.staff_of_department:
                org.staff_of_department[staff.department_id].append(staff.id)
        for user in session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)):
            org.users.setdefault(user.role, []).append(
                Person(user.id, user.username, user.staff_id, user.role)
            )
        needed = (Role.CLERK, Role.ADVISOR, Role.DEPT_MANAGER, Role.SERVICE_MANAGER)
        missing = [role for role in needed if not org.users.get(role)]
        if missing or not org.departments:
            raise RuleError(
                "The data generator needs departments and at least one active user of each of "
                f"these roles: {', '.join(r.value for r in needed)} (load the demo data first)."
            )
        for key in (
            "classification.major_amount",
            "classification.special_major_amount",
            "classification.special_major_people",
            "classification.collective_people",
        ):
            org.thresholds[key] = Decimal(str(get_setting(session, key)))
        org.offences = _offences(session)
        return org

    def user(self, role: Role, index: int) -> Person:
        """A user of ``role`` (the next rung up when the role has nobody), chosen by ``index``."""
        people = self.users.get(role) or self.users.get(Role.GENERAL_MANAGER) or []
        if not people:
            people = self.users[Role.SERVICE_MANAGER]
        return people[index % len(people)]

    def limit_minutes(self, step: SlaStep, severity: Severity, urgency: Urgency) -> int | None:
        return _limit(self.session, step, severity, urgency)

    def limit(self, step: SlaStep, severity: Severity, urgency: Urgency) -> Limit | None:
        """The step's limit with the calendar it counts in (working or clock time)."""
        return _calendar_limit(self.session, step, severity, urgency)

    def office(self) -> WorkingCalendar:
        """The office calendar: business hours decide 非工作时间受理."""
        return store.office(self.session)

    def approving_role(self, kind: RemedyKind, amount: Decimal) -> Role:
        return _approver(self.session, kind, amount)

    def may_grant(self, role: Role, kind: RemedyKind, amount: Decimal) -> bool:
        return kind is not RemedyKind.COMPENSATION and _grants(self.session, role, kind, amount)


def _offences(session: Session) -> dict[str, list[tuple[int, int, int]]]:
    """Active offences of the penalty schedule per scope: (id, min points, max points)."""
    table = db.metadata.tables.get("penalty_offence")
    result: dict[str, list[tuple[int, int, int]]] = {}
    if table is None:
        return result
    rows = session.execute(
        select(table.c.id, table.c.scope, table.c.min_points, table.c.max_points)
        .where(table.c.active.is_(True))
        .order_by(table.c.id)
    )
    for offence_id, scope, low, high in rows:
        result.setdefault(str(scope), []).append((offence_id, low, high))
    return result


# The session is the same for a whole run; the caches are cleared by ``forget``.
@cache
def _limit(session: Session, step, severity, urgency) -> int | None:
    return deadlines.limit_minutes(session, step, severity, urgency)


@cache
def _calendar_limit(session: Session, step, severity, urgency) -> Limit | None:
    return policies.limit_of(session, step, severity, urgency)


@cache
def _approver(session: Session, kind, amount) -> Role:
    return authority.approving_role(session, kind, amount)


@cache
def _grants(session: Session, role, kind, amount) -> bool:
    return authority.can_grant(session, role, kind, amount)


def forget() -> None:
    """Drop the memoised answers (a new run may read another database)."""
    for function in (_limit, _calendar_limit, _approver, _grants):
        function.cache_clear()
