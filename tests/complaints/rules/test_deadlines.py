"""Deadlines as data: due times from the SLA table, on-time records, overdue and escalation."""

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from panel.complaints import operations as process
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.complaints.rules import deadlines
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.sla import SlaPolicy, SlaStep
from panel.organisation.models.user import Role
from tests.fixtures.people import department, user_of
from tests.fixtures.process import advance

T0 = datetime(2026, 11, 2, 9, 0, 0)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def register(make_complaint, minutes_after_receipt=5, **overrides):
    with clock.travel_to(at(minutes_after_receipt)):
        return make_complaint(received_at=T0, **overrides)


def test_registration_sets_the_first_deadlines(make_complaint):
    complaint = register(make_complaint)
    first = complaint.transitions[0]
    assert first.due_at == at(10) and first.on_time is True  # registered within 10 minutes
    assert complaint.step_due_at == at(5 + 30)  # dispatch within 30 minutes
    assert complaint.resolve_due_at == at(24 * 60)  # a general complaint: 24 h


def test_late_registration_is_recorded_as_late(make_complaint):
    complaint = register(make_complaint, minutes_after_receipt=25)
    assert complaint.transitions[0].on_time is False


def test_major_and_urgent_complaints_get_their_own_limits(make_complaint):
    major = register(make_complaint, flag_police=True)
    assert major.resolve_due_at == at(48 * 60)
    urgent = register(make_complaint, flag_safety=True)
    with clock.travel_to(at(20)):
        process.dispatch(db.session, urgent, user_of(Role.CLERK), department("SH"))
    with clock.travel_to(at(40)):
        process.start_investigation(
            db.session, urgent, user_of(Role.DEPT_MANAGER), user_of(Role.ADVISOR)
        )
    assert urgent.step_due_at == at(40 + 4 * 60)  # urgent: facts and contact within 4 h


def test_each_transition_records_whether_it_was_on_time(make_complaint):
    complaint = register(make_complaint)
    with clock.travel_to(at(50)):  # dispatch was due at 35
        process.dispatch(db.session, complaint, user_of(Role.CLERK), department("SH"))
    step = complaint.transitions[-1]
    assert step.due_at == at(35) and step.on_time is False
    assert complaint.step_due_at == at(50 + 120)  # the manager assigns within 2 h


def test_overdue_and_escalation_are_queryable(make_complaint):
    fresh = register(make_complaint)
    big = register(make_complaint, amount_claimed=Decimal("6000"))
    now = at(40)
    overdue = set(db.session.scalars(select(Complaint.id).where(deadlines.overdue_clause(now))))
    assert {fresh.id, big.id} <= overdue  # dispatch was due at 35
    early = at(20)
    escalated = set(
        db.session.scalars(
            select(Complaint.id).where(deadlines.escalation_clause(db.session, early))
        )
    )
    assert big.id in escalated and fresh.id not in escalated  # demand above ¥5,000
    three_days = at(3 * 24 * 60 + 1)
    with clock.travel_to(at(20)):
        process.dispatch(db.session, fresh, user_of(Role.CLERK), department("SH"))
    fresh.step_due_at = None  # set aside the step deadline to see the 3-day rule alone
    late = set(
        db.session.scalars(
            select(Complaint.id).where(deadlines.escalation_clause(db.session, three_days))
        )
    )
    assert fresh.id in late


def test_closed_complaints_are_never_overdue(make_complaint):
    complaint = advance(make_complaint(), Status.CLOSED)
    far = clock.now() + timedelta(days=30)
    assert not deadlines.is_overdue(complaint, far)


def test_policy_rows_are_data(make_complaint):
    row = db.session.scalar(
        select(SlaPolicy).filter_by(step=SlaStep.DISPATCH, severity=None, urgency=None)
    )
    row.limit_minutes = 15
    db.session.flush()
    complaint = register(make_complaint)
    assert complaint.step_due_at == at(5 + 15)
