"""Report periods: a week (Monday to Sunday), a month, a quarter, a year or any date range.

A period is ``[start, end)`` in business dates; queries compare ``received_at`` and friends with
the datetimes ``start_at`` and ``end_at`` (midnight, China time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

KINDS = ("week", "month", "quarter", "year", "range")


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The first day of the month ``count`` months after ``month``'s."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """First days of the months that overlap ``[start, end)``."""
    months, month = [], first_of_month(start)
    while month < end:
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # exclusive

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time.min)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def months(self) -> list[date]:
        return months_between(self.start, self.end)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "week":
            iso = self.start.isocalendar()
            return f"{iso.year}-W{iso.week:02d}（{self.start:%m-%d}–{self.last_day:%m-%d}）"
        return f"{self.start:%Y-%m-%d} – {self.last_day:%Y-%m-%d}"

    @property
    def slug(self) -> str:
        """A file-name-safe name: ``month-2026-10``, ``week-2026-W47``."""
        if self.kind == "week":
            iso = self.start.isocalendar()
            return f"week-{iso.year}-W{iso.week:02d}"
        if self.kind == "range":
            return f"range-{self.start:%Y%m%d}-{self.last_day:%Y%m%d}"
        return f"{self.kind}-{self.label.replace(' ', '-')}"


def period_of(kind: str, day: date) -> Period:
    """The week, month, quarter or year that contains ``day``."""
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period("week", start, start + timedelta(days=7))
    if kind == "month":
        start = first_of_month(day)
        return Period("month", start, add_months(start, 1))
    if kind == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period("quarter", start, add_months(start, 3))
    if kind == "year":
        return Period("year", date(day.year, 1, 1), date(day.year + 1, 1, 1))
    raise ValueError(f"unknown period kind {kind!r}")


def date_range(first: date, last: date) -> Period:
    """Any range of whole days, both ends included."""
    if last < first:
        first, last = last, first
    return Period("range", first, last + timedelta(days=1))


def previous_period(kind: str, today: date) -> Period:
    """The last complete week or month before ``today`` (what the Tuesday and 2nd reports cover)."""
    current = period_of(kind, today)
    return period_of(kind, current.start - timedelta(days=1))


def quarters_of(period: Period) -> list[Period]:
    """The quarters that overlap the period (a month lies in one, a year spans four)."""
    quarters, day = [], period.start
    while day < period.end:
        quarter = period_of("quarter", day)
        quarters.append(quarter)
        day = quarter.end
    return quarters
