"""Official days from the libraries: what the 2026 notice says, and the fallback source."""

from datetime import date, timedelta

import pytest

from panel.worktime import sources
from panel.worktime.calendar import HOLIDAY, MAKEUP_WORKDAY, WorkingCalendar
from panel.worktime.sources import (
    china_calendar,
    has_official_days,
    official_days,
    official_source,
)


def kinds(year: int) -> dict[date, tuple[str, str]]:
    return {day: (kind, name) for day, kind, name in official_days(year)}


def working_days(rows, year: int) -> set[date]:
    calendar = WorkingCalendar.from_data(rows)
    first = date(year, 1, 1)
    days = (first + timedelta(n) for n in range(366))
    return {day for day in days if day.year == year and calendar.is_working_day(day)}


def test_national_day_2026_and_its_makeup_days():
    days = kinds(2026)
    for n in range(1, 8):
        assert days[date(2026, 10, n)] == (HOLIDAY, "国庆节")
    assert days[date(2026, 9, 20)] == (MAKEUP_WORKDAY, "国庆节调休上班")
    assert days[date(2026, 10, 10)] == (MAKEUP_WORKDAY, "国庆节调休上班")
    assert date(2026, 10, 8) not in days


def test_spring_festival_2026_nine_days_off_and_two_saturdays_worked():
    days = kinds(2026)
    off = [day for day, (kind, name) in days.items() if kind == HOLIDAY and name == "春节"]
    assert off == [date(2026, 2, 15) + timedelta(n) for n in range(9)]
    assert days[date(2026, 2, 14)][0] == MAKEUP_WORKDAY
    assert days[date(2026, 2, 28)][0] == MAKEUP_WORKDAY


def test_rows_are_sorted_with_known_kinds_and_chinese_names():
    rows = official_days(2026)
    assert rows == sorted(rows)
    assert len({day for day, _, _ in rows}) == len(rows)
    assert {kind for _, kind, _ in rows} == {HOLIDAY, MAKEUP_WORKDAY}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in name) for _, _, name in rows)


def test_2026_comes_from_chinesecalendar():
    assert has_official_days(2026)
    assert official_source(2026).startswith("chinesecalendar ")


def test_years_before_chinesecalendar_come_from_holidays():
    assert official_source(2003).startswith("holidays ")
    days = kinds(2003)
    assert days[date(2003, 10, 1)][0] == HOLIDAY
    assert days[date(2003, 9, 27)] == (MAKEUP_WORKDAY, "调休上班")


@pytest.mark.parametrize("year", [year for year in range(2004, 2027) if year != 2005])
def test_both_sources_agree_on_working_days(year):
    primary = sources._from_chinese_calendar(year)
    fallback = sources._from_holidays(year)
    assert working_days(primary, year) == working_days(fallback, year)


def test_makeup_day_in_the_previous_year_is_kept_by_the_fallback():
    # The 2006 notice (国办发明电〔2005〕35号) has Saturday 2005-12-31 worked for New Year;
    # holidays knows it (loaded with the next year), chinesecalendar 1.11.0 misses it.
    fallback = {day: kind for day, kind, _ in sources._from_holidays(2005)}
    assert fallback[date(2005, 12, 31)] == MAKEUP_WORKDAY
    primary = working_days(sources._from_chinese_calendar(2005), 2005)
    assert primary ^ working_days(sources._from_holidays(2005), 2005) == {date(2005, 12, 31)}


def test_year_without_a_notice_is_empty_unless_estimated():
    assert not has_official_days(2100)
    assert official_source(2100) is None
    assert official_days(2100) == []
    estimate = {day: (kind, name) for day, kind, name in official_days(2100, estimate=True)}
    assert estimate[date(2100, 1, 1)] == (HOLIDAY, "元旦")
    assert all(kind == HOLIDAY for kind, _ in estimate.values())


def test_china_calendar_works_the_makeup_days_and_rests_the_holidays():
    calendar = china_calendar([2026], lunch={0: ("12:00", "13:30")})
    assert calendar.is_working_day(date(2026, 10, 10))  # Saturday, 调休
    assert not calendar.is_working_day(date(2026, 10, 5))  # Monday, National Day
    assert calendar.is_working_day(date(2026, 10, 8))
    assert calendar.day_kind(date(2026, 10, 1)) == HOLIDAY
    # A make-up day works Monday's hours, lunch break included.
    assert calendar.intervals(date(2026, 10, 10)) == calendar.intervals(date(2026, 10, 12))
    assert len(calendar.intervals(date(2026, 10, 10))) == 2


def test_calendar_refuses_inconsistent_data():
    with pytest.raises(ValueError):
        WorkingCalendar.from_data([("2026-10-01", "holiday"), ("2026-10-01", "makeup_workday")])
    with pytest.raises(ValueError):
        WorkingCalendar.from_data([("2026-10-01", "festival")])
    with pytest.raises(ValueError):
        WorkingCalendar.from_data(lunch={0: ("07:00", "08:00")})
    with pytest.raises(ValueError):
        WorkingCalendar.from_data(hours={0: ("17:30", "08:30")})
    with pytest.raises(ValueError):
        WorkingCalendar.from_data(hours={})
