"""已超时 means overdue: a missed step or resolution deadline; "due within 2 working hours" is
counted apart; the one-week closure rate leaves out the time waiting on the customer."""

import re
from datetime import date
from decimal import Decimal

from panel.complaints import operations as process
from panel.complaints import queues
from panel.complaints.enums import Fault, Status
from panel.complaints.rules.deadlines import is_overdue
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind
from panel.reports.figures import dashboard
from panel.reports.periods import period_of
from panel.worktime import operations
from tests.worktime.helpers import (
    at,
    close_from_investigating,
    dispatch,
    investigate,
    register,
    user_of,
)


def numbers(name: str, when: str) -> set[str]:
    statement = queues.queue_statement(db.session, user_of(Role.CLERK), name, at(when))
    return {c.number for c in db.session.scalars(statement)}


def count_on(home: str, name: str) -> int:
    return int(re.search(rf'data-testid="count-{name}">(\d+)<', home).group(1))


def test_a_missed_resolution_deadline_is_overdue_even_within_the_step(make_complaint):
    complaint = register(make_complaint, "2026-11-02 09:00")
    dispatch(complaint, "2026-11-02 09:10")
    investigate(complaint, "2026-11-02 09:30")  # facts due Tue 09:30, answer due Tue 09:00
    assert numbers("overdue", "2026-11-02 16:00") == set()
    assert complaint.number in numbers("due_soon", "2026-11-03 08:00")  # 09:00 is 30 min away
    assert complaint.number not in numbers("overdue", "2026-11-03 08:00")
    assert complaint.number in numbers("overdue", "2026-11-03 09:15")  # step still has 15 min
    assert complaint.number not in numbers("due_soon", "2026-11-03 09:15")
    assert is_overdue(complaint, at("2026-11-03 09:15"))


def test_answered_complaints_no_longer_run_the_resolution_clock(make_complaint):
    complaint = register(make_complaint, "2026-11-02 09:00")
    dispatch(complaint, "2026-11-02 09:10")
    investigate(complaint, "2026-11-02 09:30")  # answer due Tuesday 09:00
    clerk, advisor = user_of(Role.CLERK), user_of(Role.ADVISOR)
    with clock.travel_to(at("2026-11-03 10:00")):  # answered an hour late
        session = db.session
        process.record_fault(session, complaint, advisor, Fault.OURS, "监控录像")
        apology = RemedyKind.APOLOGY
        authority.propose_remedy(session, complaint, advisor, apology, Decimal(0), "致歉")
        process.submit_for_approval(session, complaint, advisor, "非常抱歉。")
        process.move(session, complaint, Status.APPROVED, user_of(Role.SERVICE_MANAGER))
        process.reply_to_customer(session, complaint, clerk, "客户接受")
    assert complaint.callback_due_at == at("2026-11-04 10:00")
    assert complaint.number not in numbers("overdue", "2026-11-03 15:00")
    assert complaint.number in numbers("overdue", "2026-11-04 10:30")  # the callback is late
    with clock.travel_to(at("2026-11-04 11:00")):
        process.record_callback(db.session, complaint, clerk, False, "不满意")
    assert complaint.status is Status.REOPENED  # answered again: a new resolution clock
    assert complaint.resolve_due_at >= at("2026-11-05 11:00")


def test_landing_page_separates_about_to_be_late_from_overdue(make_complaint, login_as):
    late = register(make_complaint, "2026-11-02 09:00")  # dispatch was due 09:30
    soon = register(make_complaint, "2026-11-02 10:00", complainant_phone="13900004444")
    calm = register(make_complaint, "2026-11-02 10:00", complainant_phone="13900005555")
    dispatch(calm, "2026-11-02 10:05")  # 2 h to name the responsible person: 12:05
    db.session.commit()
    with clock.travel_to(at("2026-11-02 10:20")):
        home = login_as(Role.CLERK).get("/admin/").text
        assert (count_on(home, "overdue"), count_on(home, "due_soon")) == (1, 2)
        assert numbers("overdue", "2026-11-02 10:20") == {late.number}
        assert numbers("due_soon", "2026-11-02 10:20") == {soon.number, calm.number}


def test_one_week_closure_leaves_out_the_week_waiting_on_the_customer(make_complaint):
    waited = register(make_complaint, "2026-11-02 09:00", complainant_phone="13900006666")
    dispatch(waited, "2026-11-02 09:10")
    investigate(waited, "2026-11-02 09:30")
    with clock.travel_to(at("2026-11-02 14:00")):
        operations.pause(db.session, waited, user_of(Role.ADVISOR), "客户出差")
    with clock.travel_to(at("2026-11-09 14:00")):
        operations.resume(db.session, waited, user_of(Role.ADVISOR))
    close_from_investigating(waited, "2026-11-12 10:00")  # 10 days, 3 of them not waiting
    slow = register(make_complaint, "2026-11-02 09:00", complainant_phone="13900007777")
    dispatch(slow, "2026-11-02 09:10")
    investigate(slow, "2026-11-02 09:30")
    close_from_investigating(slow, "2026-11-12 10:00")  # 10 days: not within the week
    quick = register(make_complaint, "2026-11-03 09:00", complainant_phone="13900008888")
    dispatch(quick, "2026-11-03 09:10")
    investigate(quick, "2026-11-03 09:30")
    close_from_investigating(quick, "2026-11-05 10:00")
    board = dashboard(db.session, period_of("month", date(2026, 11, 1)), as_of=at("2026-12-10"))
    figure = next(f for f in board.seed if f.key == "one_week_closure")
    assert (figure.numerator, figure.denominator) == (2, 3)


def test_a_complaint_waiting_now_is_not_counted_yet(make_complaint):
    waiting = register(make_complaint, "2026-11-02 09:00", complainant_phone="13900009999")
    dispatch(waiting, "2026-11-02 09:10")
    investigate(waiting, "2026-11-02 09:30")
    with clock.travel_to(at("2026-11-02 14:00")):
        operations.pause(db.session, waiting, user_of(Role.ADVISOR), "等待配件")
    board = dashboard(db.session, period_of("month", date(2026, 11, 1)), as_of=at("2026-12-10"))
    figure = next(f for f in board.seed if f.key == "one_week_closure")
    assert (figure.numerator, figure.denominator) == (0, 0)


def test_the_dashboard_says_how_waiting_time_is_counted(login_as):
    page = login_as(Role.GENERAL_MANAGER).get("/admin/reports/").text
    assert 'data-testid="paused-note"' in page and "一周结案率扣除这段时间" in page
