"""Waiting on the customer (未了事宜) stops the clocks; resuming gives back what was left.

The complaint: received Monday 2026-11-02 09:00, dispatched 09:10, investigated from 09:30
(facts due in one working day: Tuesday 09:30; resolution due Tuesday 09:00; escalation after
three working days: Thursday 09:00). Parked Monday 14:00, resumed Thursday 14:00.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from panel.complaints import queues
from panel.complaints.enums import Fault, Severity, Status
from panel.complaints.models import Complaint
from panel.complaints.rules.deadlines import escalation_clause, is_overdue, overdue_clause
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.worktime import operations, store
from panel.worktime.rules import time_left
from tests.worktime.helpers import at, dispatch, investigate, register, user_of


@pytest.fixture
def investigating(make_complaint):
    complaint = register(make_complaint, "2026-11-02 09:00")
    dispatch(complaint, "2026-11-02 09:10")
    investigate(complaint, "2026-11-02 09:30")
    assert complaint.step_due_at == at("2026-11-03 09:30")
    assert complaint.resolve_due_at == at("2026-11-03 09:00")
    assert complaint.escalate_due_at == at("2026-11-05 09:00")
    return complaint


def pause(complaint, when):
    with clock.travel_to(at(when)):
        operations.pause(db.session, complaint, user_of(Role.ADVISOR), "客户电话关机")


def resume(complaint, when):
    with clock.travel_to(at(when)):
        operations.resume(db.session, complaint, user_of(Role.ADVISOR))


def ids(clause):
    return set(db.session.scalars(select(Complaint.id).where(clause)))


def test_three_days_on_the_customer_give_back_exactly_the_time_left(investigating):
    office = store.office(db.session)
    step_left = time_left(at("2026-11-02 14:00"), investigating.step_due_at, office)
    resolve_left = time_left(at("2026-11-02 14:00"), investigating.resolve_due_at, office)
    assert (step_left, resolve_left) == (timedelta(hours=4, minutes=30), timedelta(hours=4))
    pause(investigating, "2026-11-02 14:00")
    assert investigating.paused_at == at("2026-11-02 14:00")
    resume(investigating, "2026-11-05 14:00")
    assert investigating.status is Status.INVESTIGATING
    assert investigating.step_due_at == at("2026-11-06 09:30")  # 3.5 h Thursday + 1 h Friday
    assert investigating.resolve_due_at == at("2026-11-06 09:00")
    assert investigating.escalate_due_at == at("2026-11-10 09:00")
    resumed = at("2026-11-05 14:00")
    assert time_left(resumed, investigating.step_due_at, office) == step_left
    assert time_left(resumed, investigating.resolve_due_at, office) == resolve_left
    assert investigating.paused_seconds == 3 * 24 * 3600 and investigating.paused_at is None
    (record,) = investigating.pauses
    assert (record.started_at, record.ended_at) == (at("2026-11-02 14:00"), resumed)
    assert record.step_left_seconds == 4.5 * 3600


def test_while_waiting_nothing_is_overdue_or_escalated_but_the_monthly_review(investigating):
    pause(investigating, "2026-11-02 14:00")
    later = at("2026-11-04 12:00")  # past the old step, resolution and escalation due times
    assert investigating.id not in ids(overdue_clause(later))
    assert investigating.id not in ids(escalation_clause(db.session, later))
    assert not is_overdue(investigating, later)
    assert investigating.step_due_at == at("2026-12-02 14:00")  # review within 30 days
    assert investigating.id in ids(overdue_clause(at("2026-12-02 15:00")))


def test_a_review_sets_the_next_review_due(investigating):
    pause(investigating, "2026-11-02 14:00")
    with clock.travel_to(at("2026-11-04 10:00")):
        clerk, next_on = user_of(Role.CLERK), at("2026-11-20").date()
        review = operations.record_review(db.session, investigating, clerk, "客户出差", next_on)
    assert review.reviewed_by == user_of(Role.CLERK)
    assert investigating.step_due_at == at("2026-11-20 17:30")


@pytest.mark.parametrize(
    "role, status, next_on, message",
    [
        (Role.AUDITOR, Status.PENDING_CUSTOMER, "2026-11-20", "复查"),
        (Role.CLERK, Status.INVESTIGATING, "2026-11-20", "未了事宜"),
        (Role.CLERK, Status.PENDING_CUSTOMER, "2026-11-04", "晚于今天"),
    ],
)
def test_reviews_are_refused_out_of_turn(investigating, role, status, next_on, message):
    if status is Status.PENDING_CUSTOMER:
        pause(investigating, "2026-11-02 14:00")
    with clock.travel_to(at("2026-11-04 10:00")), pytest.raises(RuleError) as refused:
        operations.record_review(
            db.session, investigating, user_of(role), "已联系", at(next_on).date()
        )
    assert message in refused.value.message


def test_two_months_unresolved_do_not_count_the_time_on_the_customer(make_complaint):
    def our_fault(phone, plate):
        complaint = register(
            make_complaint, "2026-09-01 09:00", complainant_phone=phone, plate_number=plate
        )
        dispatch(complaint, "2026-09-01 09:10")
        investigate(complaint, "2026-09-01 09:30")
        with clock.travel_to(at("2026-09-01 09:40")), acting_as(user_of(Role.ADVISOR)):
            complaint.fault, complaint.fault_evidence = Fault.OURS, "监控录像"
            db.session.flush()
        return complaint

    waited = our_fault("13911112222", "川A11111")
    pause(waited, "2026-09-02 10:00")
    resume(waited, "2026-10-09 10:00")
    not_waited = our_fault("13933334444", "川A22222")
    with clock.travel_to(at("2026-11-03 10:00")), acting_as(user_of(Role.CLERK)):
        for complaint in (waited, not_waited):  # any save classifies again
            complaint.customer_demand = "尽快处理"
        db.session.flush()
    assert not_waited.severity is Severity.SPECIAL_MAJOR  # 63 days unresolved
    assert waited.severity is not Severity.SPECIAL_MAJOR  # 26 days, the rest on the customer


def test_case_file_and_ledger_show_the_pause_and_its_time_left(investigating, login_as):
    pause(investigating, "2026-11-02 14:00")
    db.session.commit()
    client = login_as(Role.CLERK)
    with clock.travel_to(at("2026-11-04 10:00")):
        page = client.get(f"/admin/complaint/details/?id={investigating.id}").text
        ledger = client.get("/admin/ledger/").text
    assert 'data-deadline="paused_at"' in page and "恢复后剩余工作时间" in page
    assert "当前环节 4 小时 30 分钟" in page
    assert investigating.number in ledger and "4 小时 30 分钟" in ledger
    due_soon = queues.queue_statement(db.session, user_of(Role.CLERK), "due_soon")
    assert investigating.id not in {c.id for c in db.session.scalars(due_soon)}


def test_pause_records_are_the_process_own(investigating):
    pause(investigating, "2026-11-02 14:00")
    record = investigating.pauses[0]
    db.session.expire(record)  # as a later request would load it
    with acting_as(user_of(Role.SERVICE_MANAGER)), pytest.raises(RuleError):
        record.step_left_seconds = 10 * 3600
        db.session.flush()
