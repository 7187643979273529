"""A Chinese working calendar as an immutable value built from plain data.

The calendar answers day-level questions only: is a date worked, and during which intervals of
the day. The time arithmetic (due times, elapsed working time) lives in ``rules``.

A date is, in this order of precedence:

* a ``holiday`` (法定节假日 and the days off around it): never worked;
* a ``makeup_workday`` (调休上班, a weekend day that is worked): worked with ``makeup_hours``
  (by default the hours of the first working weekday, normally Monday);
* otherwise an ordinary day, worked when its weekday has business hours (Mon–Fri by default).

Datetimes are naive China Standard Time, as the project stores them. Working time is counted in
whole microseconds so that sums and differences are exact.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import NamedTuple

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"
DAY_KINDS = (HOLIDAY, MAKEUP_WORKDAY)

Interval = tuple[int, int]  # [start, end) in microseconds since midnight
TimeLike = time | str

DEFAULT_HOURS: Mapping[int, tuple[TimeLike, TimeLike]] = {
    weekday: ("08:30", "17:30") for weekday in range(5)
}


class YearTable(NamedTuple):
    """The worked days of one year: ``days`` are ordinals, ``cum[i]`` the working µs before
    ``days[i]`` (``cum`` has one more entry than ``days``: the year's total)."""

    days: tuple[int, ...]
    cum: tuple[int, ...]

    @property
    def total(self) -> int:
        return self.cum[-1]


def _to_time(value: TimeLike) -> time:
    return time.fromisoformat(value) if isinstance(value, str) else value


def _us(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _to_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _intervals(
    hours: tuple[TimeLike, TimeLike], lunch: tuple[TimeLike, TimeLike] | None
) -> tuple[Interval, ...]:
    opens, closes = (_us(_to_time(t)) for t in hours)
    if not opens < closes:
        raise ValueError(f"business hours must open before they close: {hours!r}")
    if lunch is None:
        return ((opens, closes),)
    starts, ends = (_us(_to_time(t)) for t in lunch)
    if not opens < starts < ends < closes:
        raise ValueError(f"lunch break {lunch!r} must lie inside business hours {hours!r}")
    return ((opens, starts), (ends, closes))


@dataclass(frozen=True)
class WorkingCalendar:
    """Which dates are worked and when; build it with :meth:`from_data`.

    ``week[i]`` holds the business intervals of weekday ``i`` (0 = Monday; empty = day off),
    ``makeup`` those of a make-up workday. With ``round_the_clock`` (24×7: taxi operations,
    urgent complaints) every instant is working time and the rest is ignored by ``rules``.
    """

    week: tuple[tuple[Interval, ...], ...]
    makeup: tuple[Interval, ...]
    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    round_the_clock: bool = False
    _tables: dict[int, YearTable] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError("week needs the intervals of the seven weekdays")
        if not self.round_the_clock and not any(self.week):
            raise ValueError("at least one weekday must have business hours")
        both = self.holidays & self.makeup_workdays
        if both:
            raise ValueError(f"dates both holiday and make-up workday: {sorted(both)}")

    @classmethod
    def from_data(
        cls,
        days: Iterable[Iterable] = (),
        *,
        hours: Mapping[int, tuple[TimeLike, TimeLike]] = DEFAULT_HOURS,
        lunch: Mapping[int, tuple[TimeLike, TimeLike]] | None = None,
        makeup_hours: tuple[TimeLike, TimeLike] | None = None,
        makeup_lunch: tuple[TimeLike, TimeLike] | None = None,
        round_the_clock: bool = False,
    ) -> WorkingCalendar:
        """Build a calendar from plain data, as a database row set would give it.

        ``days``: rows ``(date, kind, *ignored)`` with ``kind`` ``"holiday"`` or
        ``"makeup_workday"`` and the date as ``date`` or ISO string (the rows of
        ``sources.official_days`` fit as they are). ``hours``: weekday (0 = Monday) → (opens,
        closes), weekdays left out are days off. ``lunch``: weekday → (starts, ends).
        ``makeup_hours``/``makeup_lunch`` default to the first working weekday's. Times are
        ``time`` or ``"HH:MM"``.
        """
        lunch = dict(lunch or {})
        if set(lunch) - set(hours):
            raise ValueError("a lunch break is given for a weekday without business hours")
        week = tuple(_intervals(hours[i], lunch.get(i)) if i in hours else () for i in range(7))
        if makeup_hours is None and hours:
            first = min(hours)
            makeup_hours, makeup_lunch = hours[first], lunch.get(first)
        makeup = _intervals(makeup_hours, makeup_lunch) if makeup_hours else ()
        holidays: set[date] = set()
        makeups: set[date] = set()
        for row in days:
            day, kind = tuple(row)[:2]
            if kind not in DAY_KINDS:
                raise ValueError(f"unknown day kind {kind!r}; expected one of {DAY_KINDS}")
            (holidays if kind == HOLIDAY else makeups).add(_to_date(day))
        return cls(week, makeup, frozenset(holidays), frozenset(makeups), round_the_clock)

    @classmethod
    def always_open(cls) -> WorkingCalendar:
        """The 24×7 calendar: working time is wall-clock time."""
        return cls(((),) * 7, (), round_the_clock=True)

    def intervals(self, day: date) -> tuple[Interval, ...]:
        """The business intervals of ``day`` (µs since midnight, half-open); empty if off."""
        if day in self.holidays:
            return ()
        if day in self.makeup_workdays:
            return self.makeup
        return self.week[day.weekday()]

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has business hours (a 24×7 calendar works every day)."""
        return self.round_the_clock or bool(self.intervals(day))

    def day_kind(self, day: date) -> str | None:
        """``"holiday"``, ``"makeup_workday"`` or ``None`` for an ordinary day."""
        if day in self.holidays:
            return HOLIDAY
        return MAKEUP_WORKDAY if day in self.makeup_workdays else None

    def year(self, year: int) -> YearTable:
        """The worked days of ``year`` with cumulative working time, computed once."""
        table = self._tables.get(year)
        if table is None:
            days: list[int] = []
            cum = [0]
            first = date(year, 1, 1).toordinal()
            for ordinal in range(first, date(year, 12, 31).toordinal() + 1):
                work = sum(end - start for start, end in self.intervals(date.fromordinal(ordinal)))
                if work:
                    days.append(ordinal)
                    cum.append(cum[-1] + work)
            table = self._tables[year] = YearTable(tuple(days), tuple(cum))
        return table

    def working_days_after(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``count`` ≥ 1; ``day`` itself excluded)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        year = day.year
        table = self.year(year)
        index = bisect.bisect_right(table.days, day.toordinal()) + count - 1
        for _ in range(count // 7 + 100):  # a year has at least one working week in practice
            if index < len(table.days):
                return date.fromordinal(table.days[index])
            index -= len(table.days)
            year += 1
            table = self.year(year)
        raise ValueError("the calendar has no working days ahead")
