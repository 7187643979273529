"""Every figure of the dashboard against October 2026 counted by hand (see conftest.py)."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

from panel.complaints.enums import Category, Channel
from panel.core.extensions import db
from panel.reports.figures import dashboard
from panel.reports.models import IntakeKind
from panel.reports.periods import date_range, period_of
from tests.reports.conftest import add_intake

OCTOBER = period_of("month", date(2026, 10, 1))
LATER = datetime(2027, 1, 10, 9, 0)  # every October complaint is decided by then


def labelled(counts: dict) -> dict:
    return {str(member.label): n for member, n in counts.items()}


def seed(board) -> dict:
    return {f.key: f for f in board.seed if f.key != "complaint_rate"}


def test_counts_received_invalid_and_valid(october):
    board = dashboard(db.session, OCTOBER, as_of=LATER)
    assert (board.received, board.invalid, board.valid) == (9, 1, 8)


def test_closure_rate_counts_invalid_as_closed_and_reopened_as_open(october):
    closure = seed(dashboard(db.session, OCTOBER, as_of=LATER))["closure"]
    # closed, R-06 (invalid), R-08; open: R-04 (reopened), R-07, R-11
    assert (closure.numerator, closure.denominator) == (6, 9)
    assert closure.status == "bad"
    assert closure.percent() == "66.7%"


def test_one_week_closure_counts_exactly_seven_days_and_not_reopened(october):
    week = seed(dashboard(db.session, OCTOBER, as_of=LATER))["one_week_closure"]
    # within: R-01 (3 days), R-02 (exactly 7 days), R-08 (received the last second, 2 days)
    # not: R-03 (7 days + 1 s), R-04 (reopened), R-05 (closed again after 14 days), R-07, R-11
    assert (week.numerator, week.denominator) == (3, 8)
    assert week.status == "bad" and week.target_text() == "≥ 80%"


def test_one_week_closure_leaves_out_open_complaints_younger_than_a_week(october):
    week = seed(dashboard(db.session, OCTOBER, as_of=datetime(2026, 10, 20, 12, 0)))
    # R-07 (15th) and R-11 (20th) are open and younger than a week: not decided yet
    assert (week["one_week_closure"].numerator, week["one_week_closure"].denominator) == (3, 6)


def test_response_timeliness_counts_waiting_complaints_as_late(october):
    response = seed(dashboard(db.session, OCTOBER, as_of=LATER))["response_timeliness"]
    # leaving REGISTERED in October: R-01 on time, R-02 late, R-03 on time, R-06 (invalid) on
    # time; R-11 never dispatched after its deadline: late. R-08's dispatch was in November.
    assert (response.numerator, response.denominator) == (3, 5)
    assert response.status == "bad" and response.target_text() == "≥ 100%"


def test_on_time_rate_per_step(october):
    steps = {f.key: (f.numerator, f.denominator) for f in dashboard(db.session, OCTOBER).steps}
    assert steps == {
        "register": (1, 1),
        "dispatch": (3, 6),  # 3 of 4 from REGISTERED, the redispatch after reopening late, R-11
        "assign": (1, 1),
        "investigate": (0, 1),  # R-07's investigation fell due on the 16th and is not done
    }


def test_callback_satisfaction_and_reopen_rate(october):
    board = dashboard(db.session, OCTOBER, as_of=LATER)
    assert (board.satisfaction.numerator, board.satisfaction.denominator) == (2, 3)
    # reopened among the 7 ever closed: R-01..R-03, R-05, R-06, R-08 and R-04
    assert (board.reopen.numerator, board.reopen.denominator) == (2, 7)
    assert board.reopen.value == Fraction(2, 7)


def test_breakdowns_count_valid_complaints(october):
    board = dashboard(db.session, OCTOBER, as_of=LATER)
    assert board.by_channel[0] == (str(Channel.HOTLINE.label), 5)
    assert dict(board.by_channel) == labelled(
        {Channel.HOTLINE: 5, Channel.WECHAT: 1, Channel.ON_SITE: 1, Channel.REGULATOR: 1}
    )
    assert dict(board.by_category) == labelled(
        {
            Category.REPAIR_QUALITY: 5,
            Category.PRICING: 1,
            Category.SERVICE_ATTITUDE: 1,
            Category.DELAY: 1,
        }
    )
    assert board.by_severity == [("一般", 6), ("重大", 1), ("特殊重大", 1)]
    assert board.by_department == [("售后服务部", 6), ("销售部", 2)]
    assert board.by_staff[0] == (str(october.sh_staff[0]), 4)
    assert sorted(board.by_staff[1:]) == sorted(
        [(str(october.sh_staff[1]), 1), (str(october.xs_staff), 1)]
    )
    assert board.hot_spots[0] == ("售后服务部", str(Category.REPAIR_QUALITY.label), 5)
    assert len(board.hot_spots) == 4


def test_trend_covers_twelve_months_up_to_the_period(october):
    trend = dashboard(db.session, OCTOBER, as_of=LATER).trend
    assert [row.month for row in trend][0] == (2025, 11)
    assert [row.month for row in trend][-1] == (2026, 10)
    by_month = {row.month: row for row in trend}
    assert by_month[(2026, 9)].received == 1
    assert (by_month[(2026, 10)].received, by_month[(2026, 10)].invalid) == (9, 1)
    assert by_month[(2026, 8)].received == 0


def test_complaint_rate_per_quarter_from_the_intake(october):
    for month in (date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)):
        add_intake(month, 2000)
    (rate,) = dashboard(db.session, OCTOBER, as_of=LATER).rates
    # valid complaints of Q4: 8 in October + R-09 in November = 9; 9 / 6000 = 0.15 %
    assert (rate.numerator, rate.denominator) == (9, 6000)
    assert rate.status == "good"  # exactly on the target counts as met
    assert rate.period_label == "2026 Q4"
    assert rate.percent(2) == "0.15%"


def test_complaint_rate_names_the_months_without_intake(october):
    add_intake(date(2026, 10, 1), 2000)
    add_intake(date(2026, 11, 1), 2000)
    (rate,) = dashboard(db.session, OCTOBER, as_of=LATER).rates
    assert rate.value is None and rate.status == "none"
    assert "2026-12" in str(rate.note)


def test_complaint_rate_without_any_intake_says_so(october):
    (rate,) = dashboard(db.session, OCTOBER, as_of=LATER).rates
    assert rate.value is None
    assert str(rate.note) == "未录入进厂台次"


def test_quarter_still_running_counts_to_date(october):
    add_intake(date(2026, 10, 1), 3000)
    (rate,) = dashboard(db.session, OCTOBER, as_of=datetime(2026, 10, 25)).rates
    # only October so far: R-01..R-08 and R-11 received by then are valid (R-06 is invalid)
    assert (rate.numerator, rate.denominator) == (8, 3000)
    assert "至今" in rate.period_label


def test_taxi_companies_count_trips_the_same_way(october):
    for month in (date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)):
        add_intake(month, 10000, site="一车队", kind=IntakeKind.TRIPS)
    (rate,) = dashboard(db.session, OCTOBER, as_of=LATER).rates
    assert (rate.numerator, rate.denominator) == (9, 30000)
    assert "运营趟次" in rate.period_label


def test_department_manager_sees_complaints_against_or_handled_by_the_department(october):
    board = dashboard(db.session, OCTOBER, department_id=october.sh.id, as_of=LATER)
    # against after-sales, R-07 handled by it
    assert (board.received, board.invalid) == (7, 0)
    figures = seed(board)
    assert (figures["closure"].numerator, figures["closure"].denominator) == (5, 7)
    assert (figures["one_week_closure"].numerator, figures["one_week_closure"].denominator) == (
        3,
        7,
    )
    assert board.by_department == [("售后服务部", 6), ("销售部", 1)]
    # R-07 (handled by after-sales) names nobody; R-04 against sales is not theirs
    assert board.by_staff == [(str(october.sh_staff[0]), 4), (str(october.sh_staff[1]), 1)]
    sales = dashboard(db.session, OCTOBER, department_id=october.xs.id, as_of=LATER)
    assert sales.by_staff == [(str(october.xs_staff), 1)]  # R-06, invalid, names nobody
    (rate,) = board.rates
    assert str(rate.note) == "未录入进厂台次"  # no intake linked to the department


def test_an_empty_period_has_no_values_rather_than_zero_percent(october):
    board = dashboard(db.session, period_of("month", date(2025, 1, 1)), as_of=LATER)
    assert board.received == 0
    assert all(f.value is None and f.status == "none" for f in board.seed)


def test_any_range_on_demand(october):
    board = dashboard(db.session, date_range(date(2026, 10, 1), date(2026, 10, 5)), as_of=LATER)
    assert board.received == 4


def test_a_range_of_many_years_counts_every_month_once(october):
    # Counted a month at a time in statements of ten years: 2016-2026 takes two statements.
    board = dashboard(db.session, date_range(date(2016, 1, 1), date(2026, 12, 31)), as_of=LATER)
    assert (board.received, board.invalid, board.valid) == (11, 1, 10)  # with
    figures = seed(board)
    # October's 6 of 9 closed, R-10 closed, R-09 open
    assert (figures["closure"].numerator, figures["closure"].denominator) == (7, 11)
    # October's 3 of 8, R-10 closed within hours, R-09 open for months
    week = figures["one_week_closure"]
    assert (week.numerator, week.denominator) == (4, 10)
