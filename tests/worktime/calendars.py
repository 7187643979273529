"""Calendars shared by the working-time tests: the real official days of 2025 and 2026."""

from datetime import datetime, timedelta

from panel.worktime.calendar import WorkingCalendar
from panel.worktime.sources import china_calendar

H = timedelta(hours=1)
DAY = timedelta(hours=24)
MIN = timedelta(minutes=1)
# 08:30–17:30 Mon–Fri, no lunch break.
PLAIN = china_calendar([2025, 2026])
# The same with a lunch break 12:00–13:30.
LUNCH = china_calendar([2025, 2026], lunch={weekday: ("12:00", "13:30") for weekday in range(5)})
ALWAYS = WorkingCalendar.always_open()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
