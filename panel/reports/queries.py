"""The report queries: plain functions of a session, a time range and a scope.

Each scans one table once over an indexed time range and returns plain rows; combining them into
figures is :mod:`panel.reports.figures`' job. ``department_id`` restricts every query to the
complaints against or handled by that department (a department manager's dashboard).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import DateTime, and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from panel.complaints.enums import OPEN_STATUSES, Status
from panel.complaints.history import Callback, ComplaintTransition
from panel.complaints.models import Complaint
from panel.organisation.models.staff import Staff
from panel.reports import rollup
from panel.reports.sql import count_if, within_days

CLOSED_STATUSES = (Status.CLOSED, Status.INVALID)
ONE_WEEK = 7
DECADE = 120  # months in one UNION ALL statement


def scope_clause(department_id: int | None):
    """Complaints against the department or handled by it; everything when ``None``."""
    if department_id is None:
        return None
    return or_(
        Complaint.complained_department_id == department_id,
        Complaint.responsible_department_id == department_id,
    )


def _scoped(statement, department_id: int | None, joined: bool = False, on=None):
    clause = scope_clause(department_id)
    if clause is None:
        return statement
    if not joined:
        statement = statement.join(Complaint, Complaint.id == on)
    return statement.where(clause)


def _received_in(start: datetime, end: datetime):
    return and_(Complaint.received_at >= start, Complaint.received_at < end)


def _outcome_columns(as_of: datetime):
    """Per group: received, closed, valid closed within a week, not yet decided, reopened."""
    closed = Complaint.status.in_(CLOSED_STATUSES)
    # Time waiting on the customer (未了事宜) does not count against the week.
    paused = Complaint.paused_seconds
    within_week = and_(
        Complaint.status == Status.CLOSED,
        within_days(Complaint.closed_at, Complaint.received_at, ONE_WEEK, paused),
    )
    # Still open (so valid) and less than a week old, paused time not counted, or waiting on
    # the customer now: it may yet close within the week. The cheap date test comes first:
    # most rows of a trend are older than a week.
    undecided = and_(
        or_(
            Complaint.received_at > as_of - timedelta(7),
            Complaint.status == Status.PENDING_CUSTOMER,
            and_(
                paused > 0,
                within_days(literal(as_of, DateTime()), Complaint.received_at, ONE_WEEK, paused),
            ),
        ),
        Complaint.status.not_in(CLOSED_STATUSES),
    )
    ever_closed = or_(closed, Complaint.reopen_count > 0)
    return (
        func.count(),
        count_if(closed),
        count_if(within_week),
        count_if(undecided),
        count_if(Complaint.reopen_count > 0),
        count_if(ever_closed),
    )


@dataclass(frozen=True)
class CubeRow:
    channel: object
    category: object
    severity: object
    department_id: int | None
    invalid: bool
    received: int


def complaint_cube(
    session: Session, start: datetime, end: datetime, department_id: int | None
) -> list[CubeRow]:
    """Complaints received in ``[start, end)`` counted per channel, category, severity,
    complained department and validity: every breakdown from one pass over the period."""
    invalid = case((Complaint.status == Status.INVALID, True), else_=False)
    dims = (
        Complaint.channel,
        Complaint.category,
        Complaint.severity,
        Complaint.complained_department_id,
        invalid,
    )
    statement = select(*dims, func.count()).where(_received_in(start, end))
    statement = _scoped(statement, department_id, joined=True).group_by(*dims)
    return [CubeRow(*row) for row in session.execute(statement)]


@dataclass(frozen=True)
class MonthRow:
    month: tuple[int, int]
    received: int
    closed: int
    within_week: int
    undecided: int
    reopened: int
    ever_closed: int
    invalid: int


def monthly_outcomes(
    session: Session, start: datetime, end: datetime, department_id: int | None, as_of: datetime
) -> dict[tuple[int, int], MonthRow]:
    """Outcomes of the complaints received in ``[start, end)``, per calendar month of receipt
    (the trend, the complaint rate and, summed, the period's closure figures).

    One index range per month, the months joined by UNION ALL (at most ten years a statement:
    SQLite allows 500 parts): grouping one pass by month computed and hashed the month of every
    row, 1.35 times the time at 1,000,000 complaints (``benchmarks/dashboard_queries.py``)."""
    columns = (*_outcome_columns(as_of), count_if(Complaint.status == Status.INVALID))
    parts = []
    for first, after in _months(start, end):
        statement = select(
            literal(first.year).label("year"), literal(first.month).label("month"), *columns
        ).where(_received_in(max(start, first), min(end, after)))
        parts.append(_scoped(statement, department_id, joined=True))
    rows = {}
    for chunk in range(0, len(parts), DECADE):
        for year, month, *counts in session.execute(union_all(*parts[chunk : chunk + DECADE])):
            rows[year, month] = MonthRow((year, month), *counts)
    return rows


def _months(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The calendar months that ``[start, end)`` touches, each as ``(first, next first)``."""
    first = datetime(start.year, start.month, 1)
    months = []
    while first < end:
        after = datetime(first.year + first.month // 12, first.month % 12 + 1, 1)
        months.append((first, after))
        first = after
    return months


def staff_counts(
    session: Session,
    start: datetime,
    end: datetime,
    department_id: int | None,
    limit: int = 10,
) -> list[tuple[str, int]]:
    """The staff named in the most valid complaints received in the period, most first.

    Company-wide, counted per staff member on the (staff, received_at, status) index, which
    reads index entries only instead of every complaint row of the period. For a department,
    its own complaints of the period are few: they are read once and grouped by staff.
    """
    valid = (_received_in(start, end), Complaint.status != Status.INVALID)
    if department_id is not None:
        staff_id = Complaint.complained_staff_id
        n = func.count()
        statement = (
            select(staff_id, n)
            .where(*valid, staff_id.is_not(None), scope_clause(department_id))
            .group_by(staff_id)
            .order_by(n.desc(), staff_id)
            .limit(limit)
        )
        counts = session.execute(statement).all()
        staff = {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_(dict(counts))))}
        return [(str(staff[i]), count) for i, count in counts]
    inner = select(func.count()).where(Complaint.complained_staff_id == Staff.id, *valid)
    n = inner.scalar_subquery()
    statement = select(Staff, n).order_by(n.desc(), Staff.id).limit(limit)
    return [(str(staff), count) for staff, count in session.execute(statement) if count]


def step_timeliness(
    session: Session, start: datetime, end: datetime, department_id: int | None
) -> dict[Status | None, tuple[int, int]]:
    """Steps taken in the period that had a deadline, per state they left: (on time, total).

    A transition's ``due_at`` is the deadline of the step of the state it leaves (leaving
    REGISTERED is the dispatch), so grouping by ``from_status`` groups by step; ``None`` is
    the registration itself. Whole months come from the rollup, the rest from the rows.
    """
    counted: dict[Status | None, list[int]] = {}
    for first, after in _pieces(start, end):
        if not isinstance(first, datetime):  # whole months
            rows = rollup.counts(session, rollup.STEP, first, after, department_id).items()
            rows = ((Status(key) if key else None, hits, total) for key, (hits, total) in rows)
        else:
            rows = _step_rows(session, first, after, department_id)
        for status, on_time, total in rows:
            sums = counted.setdefault(status, [0, 0])
            sums[0] += on_time
            sums[1] += total
    return {status: (on_time, total) for status, (on_time, total) in counted.items()}


def _step_rows(session: Session, start: datetime, end: datetime, department_id: int | None):
    t = ComplaintTransition
    statement = (
        select(t.from_status, count_if(t.on_time.is_(True)), func.count())
        .where(t.at >= start, t.at < end, t.due_at.is_not(None))
        .group_by(t.from_status)
    )
    return session.execute(_scoped(statement, department_id, on=t.complaint_id)).all()


def _pieces(start: datetime, end: datetime) -> list[tuple]:
    """``[start, end)`` cut into the whole months within it, as ``(date, date)`` for the
    rollup, and the days before and after them, as ``(datetime, datetime)`` for the rows."""
    months = rollup.whole_months(start, end)
    if months is None:
        return [(start, end)]
    first, after = (datetime.combine(day, datetime.min.time()) for day in months)
    pieces = [(start, first)] if start < first else []
    pieces.append(months)
    if after < end:
        pieces.append((after, end))
    return pieces


def overdue_waiting(
    session: Session, start: datetime, end: datetime, department_id: int | None, as_of: datetime
) -> dict[Status, int]:
    """Open complaints whose current step fell due in the period and is still not taken.

    They count as late steps: a complaint nobody touches must not look better than a late one.
    """
    deadline_end = min(end, as_of)
    statement = (
        select(Complaint.status, func.count())
        .where(
            Complaint.step_due_at >= start,
            Complaint.step_due_at < deadline_end,
            Complaint.status.in_(OPEN_STATUSES - {Status.PENDING_CUSTOMER}),
        )
        .group_by(Complaint.status)
    )
    statement = _scoped(statement, department_id, joined=True)
    return dict(session.execute(statement).all())


def callback_counts(
    session: Session, start: datetime, end: datetime, department_id: int | None
) -> tuple[int, int]:
    """Callbacks made in the period: (satisfied, total). Whole months from the rollup."""
    satisfied = total = 0
    for first, after in _pieces(start, end):
        if not isinstance(first, datetime):  # whole months
            months = rollup.counts(session, rollup.CALLBACK, first, after, department_id)
            hits, count = months.get("", (0, 0))
        else:
            statement = select(count_if(Callback.satisfied.is_(True)), func.count()).where(
                Callback.at >= first, Callback.at < after
            )
            statement = _scoped(statement, department_id, on=Callback.complaint_id)
            hits, count = session.execute(statement).one()
        satisfied += hits
        total += count
    return satisfied, total
