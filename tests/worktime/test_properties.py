"""Properties of the working-time rules, checked against a day-by-day reference count."""

from datetime import datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from panel.worktime.calendar import WorkingCalendar
from panel.worktime.rules import (
    due_at,
    is_business_time,
    next_working_start,
    resume_due_at,
    time_left,
    working_time_between,
)
from tests.worktime.calendars import DAY, LUNCH, PLAIN, H

moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31))
sub_day = st.timedeltas(min_value=timedelta(microseconds=1), max_value=DAY - timedelta(seconds=1))
any_limit = st.one_of(
    sub_day, st.integers(1, 15).map(lambda n: n * DAY), st.timedeltas(DAY, 5 * DAY)
)
calendars = st.sampled_from([PLAIN, LUNCH])


def naive_working_time(start: datetime, end: datetime, calendar: WorkingCalendar) -> timedelta:
    """Reference: overlap of [start, end) with each day's intervals, day by day."""
    total = timedelta(0)
    day = start.date()
    while day <= end.date():
        midnight = datetime.combine(day, datetime.min.time())
        for open_us, close_us in calendar.intervals(day):
            lo = max(start, midnight + timedelta(microseconds=open_us))
            hi = min(end, midnight + timedelta(microseconds=close_us))
            total += max(hi - lo, timedelta(0))
        day += timedelta(days=1)
    return total


@settings(max_examples=300, database=None, deadline=None)  # the reference counts day by day
@given(moments, moments, calendars)
def test_working_time_between_matches_a_day_by_day_count(a, b, calendar):
    a, b = min(a, b), max(a, b)
    assert working_time_between(a, b, calendar) == naive_working_time(a, b, calendar)
    assert working_time_between(b, a, calendar) == -naive_working_time(a, b, calendar)


@settings(max_examples=300, database=None)
@given(moments, sub_day, calendars)
def test_sub_day_limit_is_exactly_that_much_working_time(start, limit, calendar):
    due = due_at(start, limit, calendar)
    assert working_time_between(start, due, calendar) == limit
    # Earliest such instant: the last microsecond before it is business time.
    assert is_business_time(due - timedelta(microseconds=1), calendar)


@settings(max_examples=300, database=None)
@given(moments, moments, any_limit, calendars)
def test_due_at_is_monotonic_in_start(a, b, limit, calendar):
    a, b = min(a, b), max(a, b)
    assert due_at(a, limit, calendar) <= due_at(b, limit, calendar)


@settings(max_examples=200, database=None)
@given(moments, st.integers(1, 15))
def test_whole_days_keep_the_time_of_day_and_count_working_days(start, days):
    begin = next_working_start(start, PLAIN)
    due = due_at(start, days * DAY, PLAIN)
    if begin.time() == time(8, 30):  # the clock starts at opening: due at a closing time
        last = begin.date() if days == 1 else PLAIN.working_days_after(begin.date(), days - 1)
        assert due == datetime.combine(last, time(17, 30))
    else:
        assert due == datetime.combine(PLAIN.working_days_after(begin.date(), days), begin.time())
    assert working_time_between(begin, due, PLAIN) == days * 9 * H


@settings(max_examples=300, database=None)
@given(moments, st.timedeltas(-3 * DAY, 3 * DAY), calendars)
def test_resume_restores_exactly_what_was_left(resumed, left, calendar):
    new_due = resume_due_at(resumed, left, calendar)
    assert time_left(resumed, new_due, calendar) == left
