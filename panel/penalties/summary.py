"""The reward/penalty summary per staff member and department over a period (001: "每月4日管理部
将……汇总中的奖罚情况报主管总经理"), and its monthly form for the general manager.

How things count (the staff ledger uses the same rules):

- A penalty counts in the period its approval falls in (``decided_at``) while it is in force:
  approved, under appeal (an appeal does not suspend it) or upheld. A penalty revoked on
  appeal or rejected counts nowhere; revoked ones are shown apart.
- A commendation counts in the period it was received; net points = commendation points −
  penalty points.
- A complaint counts for a person in the period it was received when they are its complained
  staff or named responsible for it (once, even when both).
- Recoveries count in the period they were opened: the amount due and what was recovered so far.
- Periods are ``[start, end)`` in business dates, as in :mod:`panel.reports.periods`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import case, func, select, union
from sqlalchemy.orm import Session

from panel.complaints.models import Complaint
from panel.organisation.models.department import Department
from panel.organisation.models.staff import Staff
from panel.penalties.models import IN_FORCE, Penalty, PenaltyStatus
from panel.penalties.records import Commendation, Recovery, Responsibility

ZERO = Decimal("0.00")


@dataclass
class Tally:
    """The figures of one person, one department or the whole company."""

    complaints: int = 0
    penalties: int = 0
    points: int = 0
    demerits: int = 0
    circulars: int = 0
    under_appeal: int = 0
    revoked: int = 0
    commendations: int = 0
    commendation_points: int = 0
    recovery_due: Decimal = ZERO
    recovered: Decimal = ZERO

    @property
    def net_points(self) -> int:
        return self.commendation_points - self.points

    def add(self, other: Tally) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))


@dataclass
class StaffRow:
    staff_id: int
    staff_no: str
    name: str
    department: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class DepartmentRow:
    department: str
    staff: int = 0
    tally: Tally = field(default_factory=Tally)


@dataclass
class PenaltySummary:
    start: date
    end: date  # exclusive
    staff: list[StaffRow]
    departments: list[DepartmentRow]
    total: Tally

    @property
    def last_day(self) -> date:
        from datetime import timedelta

        return self.end - timedelta(days=1)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end, time.min)


def tallies(
    session: Session, start: date, end: date, staff_ids: set[int] | None = None
) -> dict[int, Tally]:
    """Per staff id, the figures of ``[start, end)``; ``staff_ids`` narrows to those people."""
    since, until = _bounds(start, end)
    result: dict[int, Tally] = defaultdict(Tally)

    def narrowed(statement, column):
        return statement.where(column.in_(staff_ids)) if staff_ids is not None else statement

    decided = Penalty.decided_at >= since, Penalty.decided_at < until
    rows = session.execute(
        narrowed(
            select(
                Penalty.staff_id,
                func.count(),
                func.coalesce(func.sum(Penalty.points), 0),
                func.sum(case((Penalty.major_demerit.is_(True), 1), else_=0)),
                func.sum(case((Penalty.circular.is_(True), 1), else_=0)),
                func.sum(case((Penalty.status == PenaltyStatus.APPEALED, 1), else_=0)),
            )
            .where(*decided, Penalty.status.in_(IN_FORCE))
            .group_by(Penalty.staff_id),
            Penalty.staff_id,
        )
    )
    for staff_id, count, points, demerits, circulars, appealed in rows:
        tally = result[staff_id]
        tally.penalties, tally.points = count, int(points)
        tally.demerits, tally.circulars, tally.under_appeal = (
            int(demerits or 0),
            int(circulars or 0),
            int(appealed or 0),
        )
    revoked = session.execute(
        narrowed(
            select(Penalty.staff_id, func.count())
            .where(*decided, Penalty.status == PenaltyStatus.REVOKED)
            .group_by(Penalty.staff_id),
            Penalty.staff_id,
        )
    )
    for staff_id, count in revoked:
        result[staff_id].revoked = count

    praised = session.execute(
        narrowed(
            select(
                Commendation.staff_id,
                func.count(),
                func.coalesce(func.sum(Commendation.points), 0),
            )
            .where(Commendation.received_at >= since, Commendation.received_at < until)
            .group_by(Commendation.staff_id),
            Commendation.staff_id,
        )
    )
    for staff_id, count, points in praised:
        result[staff_id].commendations, result[staff_id].commendation_points = count, int(points)

    recovered = session.execute(
        narrowed(
            select(
                Recovery.staff_id,
                func.coalesce(func.sum(Recovery.amount_due), 0),
                func.coalesce(func.sum(Recovery.amount_recovered), 0),
            )
            .where(Recovery.opened_at >= since, Recovery.opened_at < until)
            .group_by(Recovery.staff_id),
            Recovery.staff_id,
        )
    )
    for staff_id, due, back in recovered:
        result[staff_id].recovery_due = Decimal(due).quantize(ZERO)
        result[staff_id].recovered = Decimal(back).quantize(ZERO)

    for staff_id, count in complaint_counts(session, since, until, staff_ids).items():
        result[staff_id].complaints = count
    return dict(result)


def complaint_counts(
    session: Session, since: datetime, until: datetime, staff_ids: set[int] | None = None
) -> dict[int, int]:
    """Complaints received in ``[since, until)`` per person complained about or responsible
    (the UNION removes the pair counted twice when both)."""
    received = Complaint.received_at >= since, Complaint.received_at < until
    complained = select(Complaint.complained_staff_id, Complaint.id).where(
        *received, Complaint.complained_staff_id.is_not(None)
    )
    responsible = (
        select(Responsibility.staff_id, Responsibility.complaint_id)
        .join(Complaint, Complaint.id == Responsibility.complaint_id)
        .where(*received)
    )
    staff_id = list(union(complained, responsible).subquery().c)[0]  # (staff, complaint) pairs
    statement = select(staff_id, func.count()).group_by(staff_id)
    if staff_ids is not None:
        statement = statement.where(staff_id.in_(staff_ids))
    return dict(session.execute(statement).all())


def penalty_summary(
    session: Session, start: date, end: date, department_id: int | None = None
) -> PenaltySummary:
    """Reward/penalty figures of ``[start, end)`` per person (with any figure), per department
    and in total; ``department_id`` narrows to one department's staff."""
    scope = select(Staff.id)
    if department_id is not None:
        scope = scope.where(Staff.department_id == department_id)
    staff_ids = set(session.scalars(scope)) if department_id is not None else None
    per_staff = {k: v for k, v in tallies(session, start, end, staff_ids).items() if not v.is_empty}
    people = {
        s.id: s
        for s in session.scalars(
            select(Staff).where(Staff.id.in_(per_staff)).join(Staff.department)
        )
    }
    order = {
        name: i
        for i, name in enumerate(session.scalars(select(Department.name).order_by(Department.code)))
    }
    rows = [
        StaffRow(s.id, s.staff_no, s.name, s.department.name, per_staff[s.id])
        for s in people.values()
    ]
    rows.sort(key=lambda r: (order.get(r.department, 0), -r.tally.points, r.staff_no))
    departments: dict[str, DepartmentRow] = {}
    total = Tally()
    for row in rows:
        entry = departments.setdefault(row.department, DepartmentRow(row.department))
        entry.staff += 1
        entry.tally.add(row.tally)
        total.add(row.tally)
    ordered = list(departments.values())
    return PenaltySummary(start, end, rows, ordered, total)


def monthly_summary(
    session: Session, year: int, month: int, department_id: int | None = None
) -> PenaltySummary:
    """The summary of one calendar month, for the general manager (001)."""
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    return penalty_summary(session, start, end, department_id)
