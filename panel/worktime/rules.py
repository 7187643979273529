"""Working-time arithmetic: due times, elapsed and remaining working time, pauses.

All datetimes are naive China Standard Time. Under a ``round_the_clock`` calendar every function
is plain wall-clock arithmetic. Otherwise time only runs inside the calendar's business
intervals, and two rules decide every boundary case:

* **The clock starts at the next working moment.** A start outside business hours (evening,
  lunch break, weekend, holiday) counts as the next opening; it never loses or gains time.
* **A due time is the earliest instant at which the limit is used up.** A limit that runs out
  exactly at a closing time is due at that closing time (17:30), not at the next opening
  (08:30 the next working day), which is the same working time.

Working time is counted in whole microseconds, so ``working_time_between`` and the due-time
functions are exact inverses of each other.
"""

from __future__ import annotations

import bisect
from datetime import date, datetime, time, timedelta

from panel.worktime.calendar import Interval, WorkingCalendar

DAY = timedelta(hours=24)
ZERO = timedelta(0)
_MAX_EMPTY_YEARS = 50


def _check(moment: datetime) -> None:
    if moment.tzinfo is not None:
        raise ValueError("expected a naive China Standard Time datetime")


def _tod(moment: datetime) -> int:
    """Microseconds since midnight."""
    seconds = (moment.hour * 60 + moment.minute) * 60 + moment.second
    return seconds * 1_000_000 + moment.microsecond


def _at(day: date, microseconds: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(microseconds=microseconds)


def _intra(intervals: tuple[Interval, ...], tod: int) -> int:
    """Working microseconds of a day before the time of day ``tod``."""
    return sum(min(max(tod - start, 0), end - start) for start, end in intervals)


def _position(calendar: WorkingCalendar, moment: datetime) -> tuple[int, int]:
    """``(year, p)``: ``p`` is the working µs from 1 January of ``year`` up to ``moment``."""
    table = calendar.year(moment.year)
    ordinal = moment.toordinal()
    index = bisect.bisect_left(table.days, ordinal)
    position = table.cum[index]
    if index < len(table.days) and table.days[index] == ordinal:
        position += _intra(calendar.intervals(moment.date()), _tod(moment))
    return moment.year, position


def _instant(calendar: WorkingCalendar, year: int, position: int) -> datetime:
    """The earliest instant whose working position counted from 1 January of ``year`` is
    ``position`` (which may run past either end of the year)."""
    table = calendar.year(year)
    empty = 0
    while position <= 0 or position > table.total:
        empty = empty + 1 if table.total == 0 else 0
        if empty > _MAX_EMPTY_YEARS:
            raise ValueError("the calendar has no working time in reach")
        if position <= 0:
            year -= 1
            table = calendar.year(year)
            position += table.total
        else:
            position -= table.total
            year += 1
            table = calendar.year(year)
    index = bisect.bisect_left(table.cum, position)  # cum[index - 1] < position <= cum[index]
    day = date.fromordinal(table.days[index - 1])
    within = position - table.cum[index - 1]
    for start, end in calendar.intervals(day):
        if within <= end - start:
            return _at(day, start + within)
        within -= end - start
    raise AssertionError("year table and day intervals disagree")  # pragma: no cover


def _between_us(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    year_a, pos_a = _position(calendar, start)
    year_b, pos_b = _position(calendar, end)
    if year_a > year_b:
        return -_between_us(calendar, end, start)
    return pos_b - pos_a + sum(calendar.year(y).total for y in range(year_a, year_b))


def _add(calendar: WorkingCalendar, moment: datetime, amount: timedelta) -> datetime:
    year, position = _position(calendar, moment)
    return _instant(calendar, year, position + amount // timedelta(microseconds=1))


def _days_due(calendar: WorkingCalendar, start: datetime, days: int) -> datetime:
    begin = next_working_start(start, calendar)
    target = calendar.working_days_after(begin.date(), days)
    tod = _tod(begin)
    intervals = calendar.intervals(target)
    used = _intra(intervals, tod)
    if used and any(opens <= tod < closes for opens, closes in intervals):
        return datetime.combine(target, begin.time())
    table = calendar.year(target.year)
    index = bisect.bisect_left(table.days, target.toordinal())
    return _instant(calendar, target.year, table.cum[index] + used)


def is_business_time(moment: datetime, calendar: WorkingCalendar) -> bool:
    """Whether ``moment`` lies in business hours (opening included, closing excluded).

    A complaint registered when this is false is marked 非工作时间受理. Always true under a
    ``round_the_clock`` calendar.
    """
    _check(moment)
    if calendar.round_the_clock:
        return True
    tod = _tod(moment)
    return any(start <= tod < end for start, end in calendar.intervals(moment.date()))


def next_working_start(moment: datetime, calendar: WorkingCalendar) -> datetime:
    """The first business moment at or after ``moment``: ``moment`` itself in business hours,
    else the next opening (after the lunch break, the next morning, or the first working day
    after a weekend or holiday). Out-of-hours registrations file their form by then."""
    _check(moment)
    if calendar.round_the_clock:
        return moment
    day, tod = moment.date(), _tod(moment)
    for start, end in calendar.intervals(day):
        if tod < end:
            return moment if tod >= start else _at(day, start)
    day = calendar.working_days_after(day, 1)
    return _at(day, calendar.intervals(day)[0][0])


def working_time_between(start: datetime, end: datetime, calendar: WorkingCalendar) -> timedelta:
    """The business time from ``start`` to ``end``: wall-clock time inside business intervals.

    Signed: negative when ``end`` is before ``start`` (an overdue remaining time). Exact
    inverse of the due-time functions: ``working_time_between(s, due_at(s, L)) == L`` for
    every limit ``L`` under 24 h, and likewise for ``resume_due_at``.
    """
    _check(start)
    _check(end)
    if calendar.round_the_clock:
        return end - start
    return timedelta(microseconds=_between_us(calendar, start, end))


def due_at(start: datetime, limit: timedelta, calendar: WorkingCalendar) -> datetime:
    """When a step begun at ``start`` with time limit ``limit`` falls due.

    * ``round_the_clock`` calendar, or a zero limit: ``start + limit``.
    * A whole multiple of 24 h is that many **working days**: the same time of day on the N-th
      working day after the start day (Wed 2026-09-30 17:00 + 24 h → Thu 10-08 17:00 across
      National Day; Fri 17:00 + 24 h → Mon 17:00). If that time is not business time on the
      target day (its hours differ), the due time is the earliest instant with the same
      working time of that day used, e.g. its closing time.
    * A limit under 24 h counts **business time** from ``start`` (Mon 17:00 + 2 h with
      08:30–17:30 → Tue 10:00).
    * Longer limits that are no multiple of 24 h are the whole days, then the rest as
      business time (30 h = 1 working day + 6 business hours).

    A start outside business hours counts from :func:`next_working_start`. A whole-day limit
    then ends at the **closing time of the N-th working day counted from that opening day**
    (Sat 10:00 + 24 h → Mon 17:30; + 48 h → Tue 17:30): that is the same working time as
    "the next opening after", and reads as "by the end of the first working day". The same
    holds for a start exactly at opening time. Sub-day limits simply run from the opening
    (Sat 10:00 + 2 h → Mon 10:30).
    """
    _check(start)
    if limit < ZERO:
        raise ValueError("a time limit cannot be negative")
    if calendar.round_the_clock or limit == ZERO:
        return start + limit
    days, rest = divmod(limit, DAY)
    due = _days_due(calendar, start, days) if days else start
    return _add(calendar, due, rest) if rest else due


def time_left(moment: datetime, due: datetime, calendar: WorkingCalendar) -> timedelta:
    """The working time left at ``moment`` until ``due``; negative once overdue.

    This is what a pause stores: at pause time ``left = time_left(paused_at, due, cal)``; on
    resume ``resume_due_at(resumed_at, left, cal)`` gives the new due time. It is also the
    "剩余时间" shown to users.
    """
    return working_time_between(moment, due, calendar)


def resume_due_at(moment: datetime, left: timedelta, calendar: WorkingCalendar) -> datetime:
    """The due time of a step resumed at ``moment`` with working time ``left`` to go.

    Continues with exactly what was left: ``time_left(moment, result) == left`` whatever the
    pause lasted (nights, weekends, holidays). A positive ``left`` from an off-hours
    ``moment`` counts from the next opening; a negative ``left`` (paused while overdue)
    keeps the step overdue by the same working time; zero gives ``moment``.
    """
    _check(moment)
    if calendar.round_the_clock or left == ZERO:
        return moment + left
    return _add(calendar, moment, left)


def elapsed_fraction(
    moment: datetime, due: datetime, budget: timedelta, calendar: WorkingCalendar
) -> float:
    """How much of the step's working time is used at ``moment``: 0 at the start, 1 at the
    due time, above 1 when overdue (due soon at ≥ 0.75).

    ``budget`` is the step's whole working time, fixed when the deadline is set:
    ``working_time_between(start, due_at(start, limit), cal)``. It survives pauses: after a
    resume, pass the new due time and the same budget.
    """
    left = time_left(moment, due, calendar)
    if budget <= ZERO:
        return 1.0 if left <= ZERO else 0.0
    return 1 - left / budget


def due_with_pauses(
    start: datetime,
    limit: timedelta,
    calendar: WorkingCalendar,
    pauses: list[tuple[datetime, datetime]] = (),
) -> datetime:
    """The due time of a clock started at ``start`` with ``limit`` that stood still during
    ``pauses`` (``(paused, resumed)`` pairs in time order; pauses before ``start`` belong to
    an earlier clock and are skipped).

    Each pause keeps the working time left when it began (:func:`time_left`) and gives it back
    when it ends (:func:`resume_due_at`): a complaint waiting on the customer (未了事宜) for three
    days is due exactly that much later in working time, and one paused while overdue stays
    overdue by the same working time.
    """
    due = due_at(start, limit, calendar)
    for paused, resumed in pauses:
        if paused < start:
            continue
        due = resume_due_at(resumed, time_left(paused, due, calendar), calendar)
    return due
