"""Report periods: weeks run Monday to Sunday, and the scheduled reports cover the one before."""

from datetime import date

from panel.reports.periods import date_range, period_of, previous_period, quarters_of


def test_a_week_runs_from_monday_to_sunday():
    week = period_of("week", date(2026, 11, 25))  # a Wednesday
    assert (week.start, week.last_day) == (date(2026, 11, 23), date(2026, 11, 29))
    assert week.label.startswith("2026-W48")


def test_tuesday_report_covers_the_week_before_and_the_2nd_the_month_before():
    assert previous_period("week", date(2026, 11, 24)).start == date(2026, 11, 16)
    month = previous_period("month", date(2026, 12, 2))
    assert (month.start, month.end, month.label) == (
        date(2026, 11, 1),
        date(2026, 12, 1),
        "2026-11",
    )
    january = previous_period("month", date(2027, 1, 2))
    assert january.label == "2026-12" and january.slug == "month-2026-12"


def test_quarters_of_a_month_and_of_a_year():
    assert [q.label for q in quarters_of(period_of("month", date(2026, 11, 5)))] == ["2026 Q4"]
    assert [q.label for q in quarters_of(period_of("year", date(2026, 6, 1)))] == [
        "2026 Q1",
        "2026 Q2",
        "2026 Q3",
        "2026 Q4",
    ]


def test_a_date_range_includes_both_ends_in_either_order():
    span = date_range(date(2026, 10, 5), date(2026, 10, 1))
    assert (span.start, span.last_day, len(span.months)) == (
        date(2026, 10, 1),
        date(2026, 10, 5),
        1,
    )
