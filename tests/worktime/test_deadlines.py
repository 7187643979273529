"""Due times of complaints in working time, hand-worked on the 2026 calendar (08:30–17:30,
Monday to Friday; National Day 10-01..10-07 off, Saturday 10-10 worked)."""

from sqlalchemy import select

from panel.complaints import queues
from panel.complaints.enums import Category, Channel, Status, Urgency
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.setting import Setting
from panel.organisation.models.sla import SlaPolicy, SlaStep
from panel.organisation.models.user import Role
from panel.worktime.models import ROUND_THE_CLOCK, WorkCalendar
from tests.worktime.helpers import at, dispatch, register, user_of


def test_one_working_day_across_national_day(make_complaint):
    complaint = register(make_complaint, "2026-09-30 17:00", "2026-09-30 17:05")
    assert complaint.resolve_due_at == at("2026-10-08 17:00")  # general: answered in 24 h


def test_regulator_reply_is_due_in_three_working_days_counting_the_makeup_saturday(
    make_complaint,
):
    complaint = register(
        make_complaint,
        "2026-09-30 17:00",
        channel=Channel.REGULATOR,
        regulator_name="12345 市民服务热线",
    )
    assert complaint.regulator_reply_due_at == at("2026-10-10 17:00")
    assert complaint.escalate_due_at == at("2026-10-10 17:00")  # 3 working days unresolved


def test_each_regulator_has_its_own_reply_days(make_complaint):
    setting = db.session.get(Setting, "worktime.regulator_reply_days")
    setting.value = "12345=3\n12328=5"
    db.session.flush()
    complaint = register(
        make_complaint,
        "2026-09-30 17:00",
        channel=Channel.REGULATOR,
        regulator_name="12328 交通运输服务监督电话",
    )
    assert complaint.regulator_reply_due_at == at("2026-10-13 17:00")  # 10-08 09 10 12 13


def test_a_day_from_friday_is_monday_and_two_hours_from_friday_17_00_end_monday_10_00(
    make_complaint,
):
    complaint = register(make_complaint, "2026-11-06 17:00")
    assert complaint.resolve_due_at == at("2026-11-09 17:00")  # "24 h" from Friday 17:00
    dispatch(complaint, "2026-11-06 17:00")
    # The manager names the responsible person within 2 h: 30 min on Friday, 90 on Monday.
    assert complaint.step_due_at == at("2026-11-09 10:00")


def test_urgent_complaint_on_saturday_night_is_due_in_ten_minutes_and_goes_to_the_duty_queue(
    make_complaint, login_as
):
    complaint = register(
        make_complaint, "2026-11-07 22:00", flag_safety=True, category=Category.SAFETY
    )
    assert complaint.urgency is Urgency.URGENT and complaint.out_of_hours
    assert complaint.step_due_at == at("2026-11-07 22:10")  # staff on site, clock time
    # Safety makes it major: resolved within 2 working days, counted from Monday's opening.
    assert complaint.resolve_due_at == at("2026-11-10 17:30")
    # The registration form itself is filed on the next working day (001 1.4).
    assert complaint.transitions[0].due_at == at("2026-11-09 08:40")
    db.session.commit()
    with clock.travel_to(at("2026-11-07 22:03")):
        home = login_as(Role.SERVICE_MANAGER).get("/admin/").text
        assert 'data-testid="count-duty">1<' in home
        duty = queues.queue_statement(db.session, user_of(Role.GENERAL_MANAGER), "duty")
        assert [c.number for c in db.session.scalars(duty)] == [complaint.number]


def test_ordinary_complaint_out_of_hours_waits_for_monday_and_not_for_the_duty_manager(
    make_complaint,
):
    complaint = register(make_complaint, "2026-11-07 10:00")
    assert complaint.out_of_hours and complaint.urgency is Urgency.NORMAL
    assert complaint.transitions[0].due_at == at("2026-11-09 08:40")  # form: next working day
    assert complaint.step_due_at == at("2026-11-09 09:00")  # dispatch: 30 working minutes
    duty = queues.queue_statement(db.session, user_of(Role.SERVICE_MANAGER), "duty")
    assert complaint.id not in {c.id for c in db.session.scalars(duty)}


def test_received_in_business_hours_is_not_marked(make_complaint):
    complaint = register(make_complaint, "2026-11-09 08:30")
    assert not complaint.out_of_hours
    assert complaint.step_due_at == at("2026-11-09 09:00")


def test_a_row_on_the_24x7_calendar_counts_clock_time(make_complaint):
    row = db.session.scalar(
        select(SlaPolicy).filter_by(step=SlaStep.DISPATCH, severity=None, urgency=None)
    )
    row.calendar = db.session.scalar(select(WorkCalendar).filter_by(code=ROUND_THE_CLOCK))
    db.session.flush()
    complaint = register(make_complaint, "2026-11-07 10:00")
    assert complaint.step_due_at == at("2026-11-07 10:30")


def test_editing_the_channel_later_gives_the_regulator_due_time(make_complaint):
    complaint = register(make_complaint, "2026-09-30 17:00")
    assert complaint.regulator_reply_due_at is None
    with clock.travel_to(at("2026-09-30 17:20")):
        complaint.channel = Channel.REGULATOR
        complaint.regulator_name = "消费者协会"
        from panel.core.actor import acting_as

        with acting_as(user_of(Role.CLERK)):
            db.session.flush()
    assert complaint.regulator_reply_due_at == at("2026-10-10 17:00")
    assert complaint.status is Status.REGISTERED
