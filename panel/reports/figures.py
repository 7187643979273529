"""Everything the dashboard and the summaries show, computed from the report queries.

``dashboard(session, period, department_id)`` runs one query per table and concern (see
:mod:`panel.reports.queries`) and returns a :class:`Dashboard`. Definitions (also on the page):

* Response timeliness: of the steps that left REGISTERED (dispatch, or close as invalid) taken in
  the period, those on time; complaints still waiting for dispatch after their deadline count
  as late.
* Closure rate: complaints received in the period that are now closed (or closed as invalid).
* One-week closure rate: valid complaints received in the period closed within 7 days (exactly
  7 days counts), time waiting on the customer (未了事宜) not counted; a reopened complaint is not
  closed; one still open and less than a week old, or waiting on the customer now, is not
  counted yet.
* On-time rates: a step is on time when taken by its due time, which stood still while the
  complaint waited on the customer (:mod:`panel.worktime.clocks`).
* Complaint rate: valid complaints received ÷ vehicles taken in, per quarter; no figure while a
  month of the quarter has no intake entered.
* Reopen rate: of the complaints received in the period that have been closed, those reopened.
* Satisfaction: satisfied callbacks among the callbacks made in the period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.complaints.enums import Category, Channel, Severity, Status
from panel.complaints.rules.deadlines import STEP_OF_STATUS
from panel.core import clock
from panel.organisation.models.department import Department
from panel.organisation.models.sla import SlaStep
from panel.reports import queries
from panel.reports.intake import complaint_rates
from panel.reports.measures import Figure, plain_figure, seed_figure
from panel.reports.periods import Period, add_months, first_of_month, quarters_of

TREND_MONTHS = 12
HOT_SPOTS = 5


@dataclass
class Dashboard:
    period: Period
    as_of: datetime
    department: Department | None
    received: int = 0
    invalid: int = 0
    seed: list[Figure] = field(default_factory=list)
    rates: list[Figure] = field(default_factory=list)  # complaint rate per quarter and kind
    satisfaction: Figure | None = None
    reopen: Figure | None = None
    steps: list[Figure] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_severity: list[tuple[str, int]] = field(default_factory=list)
    by_department: list[tuple[str, int]] = field(default_factory=list)
    by_staff: list[tuple[str, int]] = field(default_factory=list)
    hot_spots: list[tuple[str, str, int]] = field(default_factory=list)
    trend: list[queries.MonthRow] = field(default_factory=list)

    @property
    def valid(self) -> int:
        return self.received - self.invalid


def trend_months(period: Period) -> list[date]:
    """The twelve months ending with the period's last month (more for a longer period)."""
    last = first_of_month(period.last_day)
    count = max(TREND_MONTHS, min(len(period.months), 36))
    return [add_months(last, offset) for offset in range(1 - count, 1)]


def dashboard(
    session: Session,
    period: Period,
    department_id: int | None = None,
    as_of: datetime | None = None,
) -> Dashboard:
    """All figures of ``period``, for one department or (``None``) the whole company."""
    as_of = as_of or clock.now()
    start, end = period.start_at, period.end_at
    department = session.get(Department, department_id) if department_id else None
    board = Dashboard(period, as_of, department)

    cube = queries.complaint_cube(session, start, end, department_id)
    _breakdowns(session, board, cube)
    board.by_staff = queries.staff_counts(session, start, end, department_id)

    steps = queries.step_timeliness(session, start, end, department_id)
    waiting = queries.overdue_waiting(session, start, end, department_id, as_of)
    _timeliness(session, board, steps, waiting)

    satisfied, callbacks = queries.callback_counts(session, start, end, department_id)
    board.satisfaction = plain_figure("satisfaction", satisfied, callbacks)

    months = trend_months(period)
    quarters = quarters_of(period)
    first = min(months[0], quarters[0].start)
    last = max(add_months(months[-1], 1), quarters[-1].end)
    by_month = queries.monthly_outcomes(
        session, _midnight(first), _midnight(last), department_id, as_of
    )
    board.trend = [by_month.get((m.year, m.month)) or _empty_month(m) for m in months]
    if _whole_months(period) and len(period.months) <= len(months):
        outcomes = [by_month[key] for m in period.months if (key := (m.year, m.month)) in by_month]
    else:
        outcomes = list(
            queries.monthly_outcomes(session, start, end, department_id, as_of).values()
        )
    _outcomes(session, board, outcomes)
    board.rates = complaint_rates(session, quarters, by_month, department_id, as_of)
    board.seed.extend(board.rates)
    return board


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _empty_month(month: date) -> queries.MonthRow:
    return queries.MonthRow((month.year, month.month), 0, 0, 0, 0, 0, 0, 0)


def _whole_months(period: Period) -> bool:
    return period.start.day == 1 and period.end.day == 1


def _outcomes(session: Session, board: Dashboard, months: list[queries.MonthRow]) -> None:
    """Closure, one-week closure and reopen figures of the complaints received in the period."""
    board.received = sum(r.received for r in months)
    board.invalid = sum(r.invalid for r in months)
    closed = sum(r.closed for r in months)
    within = sum(r.within_week for r in months)
    decided = board.valid - sum(r.undecided for r in months)
    # The timeliness figure is first; these follow it in the seed order.
    board.seed.append(seed_figure(session, "closure", closed, board.received))
    board.seed.append(seed_figure(session, "one_week_closure", within, decided))
    board.reopen = plain_figure(
        "reopen", sum(r.reopened for r in months), sum(r.ever_closed for r in months)
    )


def _ranked(counter: Counter, labels) -> list[tuple[str, int]]:
    return [(str(labels(key)), n) for key, n in counter.most_common() if n]


def _breakdowns(session: Session, board: Dashboard, cube: list[queries.CubeRow]) -> None:
    """Counts of valid complaints by channel, category, severity and department; hot spots."""
    valid = [r for r in cube if not r.invalid]
    names = dict(session.execute(select(Department.id, Department.name)).all())
    unknown = str(_l("Not recorded"))

    def dept(key):
        return names.get(key, unknown)

    def tally(attribute) -> Counter:
        counter: Counter = Counter()
        for row in valid:
            counter[getattr(row, attribute)] += row.received
        return counter

    board.by_channel = _ranked(tally("channel"), lambda c: Channel(c).label)
    board.by_category = _ranked(tally("category"), lambda c: Category(c).label)
    severities = tally("severity")
    board.by_severity = [(str(s.label), severities.get(s, 0)) for s in Severity]
    board.by_department = _ranked(tally("department_id"), dept)
    pairs: Counter = Counter()
    for row in valid:
        pairs[(row.department_id, row.category)] += row.received
    board.hot_spots = [
        (dept(d), str(Category(c).label), n) for (d, c), n in pairs.most_common(HOT_SPOTS)
    ]


def _timeliness(session, board: Dashboard, steps: dict, waiting: dict[Status, int]) -> None:
    """Per-step on-time rates, and response timeliness (leaving REGISTERED)."""
    per_step: dict[SlaStep, list[int]] = {}
    for from_status, (on_time, total) in steps.items():
        step = SlaStep.REGISTER if from_status is None else STEP_OF_STATUS.get(from_status)
        if step is None:
            continue
        counts = per_step.setdefault(step, [0, 0])
        counts[0] += on_time
        counts[1] += total
    for status, late in waiting.items():
        step = STEP_OF_STATUS.get(status)
        if step is not None:
            per_step.setdefault(step, [0, 0])[1] += late
    board.steps = [
        plain_figure(step.value, *per_step[step], label=step.label)
        for step in SlaStep
        if step in per_step
    ]
    on_time, total = steps.get(Status.REGISTERED, (0, 0))
    total += waiting.get(Status.REGISTERED, 0)
    board.seed.insert(0, seed_figure(session, "response_timeliness", on_time, total))
