"""Working-time rules on the real 2026 Chinese calendar (hand-worked examples)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from panel.worktime.calendar import WorkingCalendar
from panel.worktime.rules import (
    due_at,
    elapsed_fraction,
    is_business_time,
    next_working_start,
    resume_due_at,
    time_left,
    working_time_between,
)
from tests.worktime.calendars import ALWAYS, DAY, LUNCH, MIN, PLAIN, H, at

# --- whole days -------------------------------------------------------------------------------


def test_one_day_across_national_day_is_the_same_time_on_the_next_working_day():
    assert due_at(at("2026-09-30 17:00"), DAY, PLAIN) == at("2026-10-08 17:00")


def test_three_days_across_national_day_count_the_makeup_saturday():
    assert due_at(at("2026-09-30 17:00"), 3 * DAY, PLAIN) == at("2026-10-10 17:00")


def test_one_day_from_friday_is_monday_same_time():
    assert due_at(at("2026-11-06 17:00"), DAY, PLAIN) == at("2026-11-09 17:00")


def test_makeup_sunday_counts_as_a_working_day():
    # Friday 2026-09-18 + 24 h: Sunday 09-20 is worked (调休 for National Day).
    assert due_at(at("2026-09-18 17:00"), DAY, PLAIN) == at("2026-09-20 17:00")


def test_days_across_new_year_from_the_previous_year():
    # 2026-01-01..03 off, Sunday 01-04 worked.
    assert due_at(at("2025-12-31 10:00"), DAY, PLAIN) == at("2026-01-04 10:00")


def test_weekend_start_ends_at_closing_of_the_first_working_day():
    saturday = at("2026-11-07 10:00")
    assert due_at(saturday, DAY, PLAIN) == at("2026-11-09 17:30")
    assert due_at(saturday, 2 * DAY, PLAIN) == at("2026-11-10 17:30")


def test_holiday_start_counts_from_the_first_day_back():
    assert due_at(at("2026-10-03 09:00"), DAY, PLAIN) == at("2026-10-08 17:30")


def test_start_before_opening_is_due_at_closing_that_day():
    assert due_at(at("2026-11-10 07:00"), DAY, PLAIN) == at("2026-11-10 17:30")


def test_start_after_closing_is_due_at_closing_next_working_day():
    assert due_at(at("2026-11-06 19:00"), DAY, PLAIN) == at("2026-11-09 17:30")


def test_start_right_after_lunch_keeps_its_time_of_day():
    assert due_at(at("2026-11-09 13:30"), DAY, LUNCH) == at("2026-11-10 13:30")


def test_shorter_hours_on_the_target_day_end_at_its_closing():
    short_friday = WorkingCalendar.from_data(
        hours={**{d: ("08:30", "17:30") for d in range(4)}, 4: ("08:30", "16:00")}
    )
    assert due_at(at("2026-11-05 17:00"), DAY, short_friday) == at("2026-11-06 16:00")
    assert due_at(at("2026-11-05 15:00"), DAY, short_friday) == at("2026-11-06 15:00")


def test_thirty_hours_is_one_working_day_then_six_business_hours():
    assert due_at(at("2026-11-09 10:00"), 30 * H, PLAIN) == at("2026-11-10 16:00")


# --- business hours ---------------------------------------------------------------------------


def test_two_hours_from_five_pm_end_next_morning_at_ten():
    assert due_at(at("2026-11-09 17:00"), 2 * H, PLAIN) == at("2026-11-10 10:00")


def test_two_hours_from_friday_five_pm_end_monday_at_ten():
    assert due_at(at("2026-11-06 17:00"), 2 * H, PLAIN) == at("2026-11-09 10:00")


def test_two_hours_before_national_day_end_after_it():
    assert due_at(at("2026-09-30 17:00"), 2 * H, PLAIN) == at("2026-10-08 10:00")


def test_limit_used_up_at_closing_is_due_at_closing_not_next_morning():
    assert due_at(at("2026-11-09 17:00"), 30 * MIN, PLAIN) == at("2026-11-09 17:30")


def test_lunch_break_does_not_count():
    assert due_at(at("2026-11-09 11:00"), 2 * H, LUNCH) == at("2026-11-09 14:30")
    assert due_at(at("2026-11-09 11:00"), H, LUNCH) == at("2026-11-09 12:00")
    assert due_at(at("2026-11-09 12:45"), 30 * MIN, LUNCH) == at("2026-11-09 14:00")
    assert working_time_between(at("2026-11-09 08:30"), at("2026-11-09 17:30"), LUNCH) == 7.5 * H


def test_weekend_start_with_hours_limit_runs_from_monday_opening():
    assert due_at(at("2026-11-07 10:00"), 2 * H, PLAIN) == at("2026-11-09 10:30")


def test_working_time_between_skips_nights_weekends_and_holidays():
    assert working_time_between(at("2026-11-06 17:00"), at("2026-11-09 09:00"), PLAIN) == H
    assert working_time_between(at("2026-09-30 17:00"), at("2026-10-08 17:00"), PLAIN) == 9 * H
    assert working_time_between(at("2026-10-02 10:00"), at("2026-10-05 10:00"), PLAIN) == 0 * H
    assert working_time_between(at("2026-11-09 10:00"), at("2026-11-09 09:00"), PLAIN) == -H


def test_zero_and_negative_limits():
    assert due_at(at("2026-11-07 10:00"), timedelta(0), PLAIN) == at("2026-11-07 10:00")
    with pytest.raises(ValueError):
        due_at(at("2026-11-09 10:00"), -H, PLAIN)


def test_aware_datetimes_are_refused():
    with pytest.raises(ValueError):
        due_at(datetime(2026, 11, 9, 10, tzinfo=UTC), H, PLAIN)


# --- round the clock --------------------------------------------------------------------------


def test_round_the_clock_urgent_ten_minutes_on_saturday_night():
    assert due_at(at("2026-10-10 22:00"), 10 * MIN, ALWAYS) == at("2026-10-10 22:10")
    assert due_at(at("2026-10-03 22:00"), 10 * MIN, ALWAYS) == at("2026-10-03 22:10")


def test_round_the_clock_days_are_calendar_days():
    assert due_at(at("2026-09-30 17:00"), 2 * DAY, ALWAYS) == at("2026-10-02 17:00")
    assert working_time_between(at("2026-10-01 00:00"), at("2026-10-02 00:00"), ALWAYS) == DAY
    assert is_business_time(at("2026-10-01 03:00"), ALWAYS)


# --- business time and next working start -----------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-09 08:30", True),
        ("2026-11-09 17:29:59", True),
        ("2026-11-09 17:30", False),
        ("2026-11-09 08:29", False),
        ("2026-11-07 10:00", False),  # Saturday
        ("2026-10-10 10:00", True),  # make-up Saturday
        ("2026-10-05 10:00", False),  # National Day, a Monday
    ],
)
def test_is_business_time(moment, expected):
    assert is_business_time(at(moment), PLAIN) is expected


def test_lunch_break_is_not_business_time():
    assert not is_business_time(at("2026-11-09 12:30"), LUNCH)
    assert is_business_time(at("2026-11-09 13:30"), LUNCH)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-09 10:00", "2026-11-09 10:00"),
        ("2026-11-09 07:00", "2026-11-09 08:30"),
        ("2026-11-09 17:30", "2026-11-10 08:30"),
        ("2026-11-06 18:00", "2026-11-09 08:30"),
        ("2026-09-30 18:00", "2026-10-08 08:30"),
        ("2026-10-09 18:00", "2026-10-10 08:30"),
    ],
)
def test_next_working_start(moment, expected):
    assert next_working_start(at(moment), PLAIN) == at(expected)


def test_next_working_start_after_lunch():
    assert next_working_start(at("2026-11-09 12:00"), LUNCH) == at("2026-11-09 13:30")
    assert next_working_start(at("2026-11-09 11:59"), LUNCH) == at("2026-11-09 11:59")


# --- pause, resume, fraction ------------------------------------------------------------------


def test_pause_of_three_days_restores_the_remaining_time_exactly():
    due = due_at(at("2026-11-09 10:00"), DAY, PLAIN)  # Tuesday 10:00
    left = time_left(at("2026-11-09 11:00"), due, PLAIN)
    assert left == 8 * H
    new_due = resume_due_at(at("2026-11-12 11:00"), left, PLAIN)
    assert new_due == at("2026-11-13 10:00")
    assert time_left(at("2026-11-12 11:00"), new_due, PLAIN) == left


def test_pause_over_national_day_and_resume_on_a_weekend():
    due = due_at(at("2026-09-29 14:00"), 2 * H, PLAIN)
    left = time_left(at("2026-09-29 15:00"), due, PLAIN)
    assert left == H
    assert resume_due_at(at("2026-10-04 20:00"), left, PLAIN) == at("2026-10-08 09:30")


def test_resume_while_overdue_stays_overdue_by_the_same_time():
    left = time_left(at("2026-11-09 11:00"), at("2026-11-09 10:00"), PLAIN)
    assert left == -H
    new_due = resume_due_at(at("2026-11-12 09:00"), left, PLAIN)
    assert new_due == at("2026-11-11 17:00")  # half an hour Thursday, half Wednesday
    assert time_left(at("2026-11-12 09:00"), new_due, PLAIN) == -H


def test_elapsed_fraction_reaches_three_quarters_of_the_working_budget():
    start = at("2026-11-09 09:00")
    due = due_at(start, DAY, PLAIN)
    budget = working_time_between(start, due, PLAIN)
    assert budget == 9 * H
    assert elapsed_fraction(at("2026-11-09 15:44"), due, budget, PLAIN) < 0.75
    assert elapsed_fraction(at("2026-11-09 15:45"), due, budget, PLAIN) == 0.75
    # Overnight no time passes.
    assert elapsed_fraction(at("2026-11-10 08:00"), due, budget, PLAIN) == pytest.approx(8.5 / 9)
    assert elapsed_fraction(at("2026-11-10 10:00"), due, budget, PLAIN) > 1


def test_elapsed_fraction_survives_a_pause():
    start = at("2026-11-09 09:00")
    due = due_at(start, DAY, PLAIN)
    budget = working_time_between(start, due, PLAIN)
    left = time_left(at("2026-11-09 13:30"), due, PLAIN)  # half used
    new_due = resume_due_at(at("2026-11-16 09:00"), left, PLAIN)
    assert elapsed_fraction(at("2026-11-16 09:00"), new_due, budget, PLAIN) == 0.5


def test_working_day_count_over_a_year_matches_the_official_calendar():
    # 2026: 365 days − 104 weekend days − holidays on weekdays + make-up days on weekends.
    start, end = at("2026-01-01 00:00"), at("2027-01-01 00:00")
    days = working_time_between(start, end, PLAIN) / (9 * H)
    weekdays = sum(1 for n in range(365) if (date(2026, 1, 1) + timedelta(n)).weekday() < 5)
    assert weekdays == 261
    assert days == 261 - 19 + 6  # 19 weekday holidays, 6 weekend make-up days
