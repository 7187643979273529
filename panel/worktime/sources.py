"""Official holidays and 调休 make-up workdays of China, from maintained libraries.

Nothing here is typed by hand. Two sources, in this order:

1. ``chinesecalendar`` (import ``chinese_calendar``; 1.11.0 covers 2004–2026): every day off
   of each holiday period (weekends inside it included) and every make-up workday, from the
   State Council's yearly notices.
2. ``holidays`` (``holidays.China``; 0.109 follows the notices 2001–2026): the statutory
   holidays, the days off moved by 调休 (named 休息日（由 … 调休）) and, in ``weekend_workdays``,
   the make-up workdays. Used for years the first lacks; it catches up on its own release
   cycle, so whichever library is updated first after a notice is published serves the year.

The two agree on every working day of 2004–2026 but one: Saturday 2005-12-31, worked for the
2006 New Year (国办发明电〔2005〕35号), which ``holidays`` has and ``chinesecalendar`` 1.11.0
misses (``tests/worktime/test_sources.py`` pins this).

For a year no source has a notice for (the notice comes out each November or December for the
next year), :func:`has_official_days` is false and :func:`official_days` returns nothing unless
asked for an ``estimate``: ``holidays``' projection of the statutory days with the legal
补假 rule (a statutory day on a weekend is made up on the next weekday), without 调休.
Upgrade both libraries each December and re-seed the calendar.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from importlib.metadata import version

import chinese_calendar
import holidays

from panel.worktime.calendar import HOLIDAY, MAKEUP_WORKDAY, WorkingCalendar

OfficialDay = tuple[date, str, str]  # (date, "holiday" | "makeup_workday", Chinese name)

# chinese_calendar names its holidays in English (constants.Holiday values).
_CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
MAKEUP_SUFFIX = "调休上班"


@functools.cache
def _chinese_calendar_years() -> frozenset[int]:
    return frozenset(day.year for day in chinese_calendar.holidays)


def _from_chinese_calendar(year: int) -> list[OfficialDay]:
    rows = [
        (day, HOLIDAY, _CHINESE_NAMES.get(name, name))
        for day, name in chinese_calendar.holidays.items()
        if day.year == year
    ]
    rows += [
        (day, MAKEUP_WORKDAY, _CHINESE_NAMES.get(name, name) + MAKEUP_SUFFIX)
        for day, name in chinese_calendar.workdays.items()
        if day.year == year
    ]
    return rows


@functools.cache
def _holidays_china(year: int) -> holidays.HolidayBase:
    # The next year's notice can move days into this one (2005-12-31 was worked for 2006's
    # New Year), so load both and keep this year's dates.
    return holidays.China(years=(year, year + 1), language="zh_CN")


def _from_holidays(year: int) -> list[OfficialDay]:
    table = _holidays_china(year)
    rows = [(day, HOLIDAY, name) for day, name in table.items() if day.year == year]
    rows += [
        (day, MAKEUP_WORKDAY, MAKEUP_SUFFIX) for day in table.weekend_workdays if day.year == year
    ]
    return rows


def _holidays_has_notice(year: int) -> bool:
    return any(day.year == year for day in _holidays_china(year).weekend_workdays)


def official_source(year: int) -> str | None:
    """Which library (with its version) gives :func:`official_days` for ``year``; ``None``
    when no source knows the State Council's notice for it."""
    if year in _chinese_calendar_years():
        return f"chinesecalendar {version('chinesecalendar')}"
    if _holidays_has_notice(year):
        return f"holidays {version('holidays')}"
    return None


def has_official_days(year: int) -> bool:
    """Whether a source knows the State Council's arrangement (holidays and make-up workdays)
    for ``year``; false for a year whose notice is not out yet or not yet in the libraries."""
    return official_source(year) is not None


def official_days(year: int, *, estimate: bool = False) -> list[OfficialDay]:
    """The holidays and 调休 make-up workdays of ``year``, sorted by date.

    Rows are ``(date, kind, name)`` with ``kind`` ``"holiday"`` or ``"makeup_workday"`` and a
    Chinese name. From ``chinesecalendar`` when it covers the year (names mapped from its
    English ones; make-up days named after their holiday, e.g. 国庆节调休上班), else from
    ``holidays`` (its own Chinese names; make-up days named 调休上班). Without a notice in
    either: ``[]``, or with ``estimate=True`` the statutory days projected by ``holidays``
    (no make-up workdays).
    """
    if year in _chinese_calendar_years():
        rows = _from_chinese_calendar(year)
    elif _holidays_has_notice(year) or estimate:
        rows = _from_holidays(year)
    else:
        rows = []
    return sorted(rows)


def china_calendar(years: Iterable[int], **options) -> WorkingCalendar:
    """A :class:`WorkingCalendar` with the official days of ``years``; ``options`` go to
    :meth:`WorkingCalendar.from_data` (hours, lunch, …). Years without a notice add nothing."""
    days = [row for year in years for row in official_days(year)]
    return WorkingCalendar.from_data(days, **options)
