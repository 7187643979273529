"""Events are written with the change that caused them and routed by the table: who is told
what, inside the panel (the worker runs in-process here: the test app's queue is immediate)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from panel.complaints import operations as process
from panel.complaints.enums import Category
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.notifications.emit import muted
from panel.notifications.enums import Channel, EventKind, Relation
from panel.notifications.models import NotificationEvent, NotificationRoute
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind

from ._helpers import bell_of, department, events, told, user_of

SATURDAY_NIGHT = datetime(2026, 12, 5, 22, 0)  # a Saturday, out of business hours
MONDAY_MORNING = datetime(2026, 12, 7, 10, 0)


def investigating(complaint):
    process.dispatch(db.session, complaint, user_of(Role.CLERK), department("SH"))
    process.start_investigation(
        db.session, complaint, user_of(Role.DEPT_MANAGER), user_of(Role.ADVISOR)
    )
    return complaint


def test_an_urgent_complaint_out_of_hours_reaches_the_duty_manager_at_once(make_complaint):
    with clock.travel_to(SATURDAY_NIGHT):
        complaint = make_complaint(
            received_at=SATURDAY_NIGHT, flag_injury=True, category=Category.SAFETY
        )
        db.session.commit()
    [event] = events(EventKind.OUT_OF_HOURS_REGISTERED)
    assert event.complaint_id == complaint.id
    duty = user_of(Role.SERVICE_MANAGER)  # the default routing names the CS director
    [title] = [t for t in bell_of(duty) if "非工作时间紧急投诉" in t]
    assert complaint.number in title
    assert "13812345678" not in event.text and "138****5678" in event.text


def test_a_person_named_in_the_routing_table_is_told_too(make_complaint):
    duty = user_of(Role.GENERAL_MANAGER)
    route = NotificationRoute(event=EventKind.URGENT_REGISTERED, channel=Channel.PANEL, user=duty)
    db.session.add(route)
    with acting_as(user_of(Role.ADMIN)):
        db.session.flush()
    with clock.travel_to(MONDAY_MORNING):
        make_complaint(received_at=MONDAY_MORNING, flag_safety=True)
        db.session.commit()
    assert told(Role.GENERAL_MANAGER, EventKind.URGENT_REGISTERED)
    assert not events(EventKind.OUT_OF_HOURS_REGISTERED)  # within business hours


def test_a_general_complaint_tells_nobody_and_a_rollback_leaves_no_event(make_complaint):
    make_complaint()
    assert events() == []
    with clock.travel_to(MONDAY_MORNING):
        make_complaint(flag_media=True, received_at=MONDAY_MORNING)
    assert [e.kind for e in events()] == [EventKind.URGENT_REGISTERED, EventKind.ESCALATED_3]
    db.session.rollback()
    assert events() == []


def test_dispatch_and_assignment_tell_the_department_manager_and_the_handler(make_complaint):
    complaint = make_complaint()
    process.dispatch(db.session, complaint, user_of(Role.CLERK), department("SH"))
    db.session.commit()
    assert told(Role.DEPT_MANAGER, EventKind.DISPATCHED)
    assert not told(Role.ADVISOR, EventKind.ASSIGNED)
    process.start_investigation(
        db.session, complaint, user_of(Role.DEPT_MANAGER), user_of(Role.ADVISOR)
    )
    db.session.commit()
    assert told(Role.ADVISOR, EventKind.ASSIGNED)
    [title] = bell_of(user_of(Role.ADVISOR))
    assert title == f"【待处理】投诉 {complaint.number} 已指派给您"


def test_a_compensation_beyond_the_managers_limit_asks_the_service_manager(make_complaint):
    complaint = investigating(make_complaint())
    authority.propose_remedy(
        db.session,
        complaint,
        user_of(Role.ADVISOR),
        RemedyKind.COMPENSATION,
        Decimal("3000"),
        "补偿误工费",
    )
    db.session.commit()
    assert told(Role.SERVICE_MANAGER, EventKind.APPROVAL_REQUESTED)
    assert not told(Role.DEPT_MANAGER, EventKind.APPROVAL_REQUESTED)  # ¥2,000 is its limit
    [event] = events(EventKind.APPROVAL_REQUESTED)
    assert "服务经理" in event.title and "¥3,000.00" in event.text


def test_the_same_occurrence_is_one_event(make_complaint):
    from panel.notifications import emit
    from panel.notifications.rules import Event

    complaint = make_complaint()
    event = Event(EventKind.DUE_SOON, f"due_soon:{complaint.id}:x", complaint.id)
    assert emit.record(db.session, event) is not None
    assert emit.record(db.session, event) is None
    count = select(func.count()).select_from(NotificationEvent)
    assert db.session.scalar(count.where(NotificationEvent.complaint_id == complaint.id)) == 1


def test_a_raised_severity_escalates_once_per_tier(make_complaint):
    complaint = make_complaint()
    with acting_as(user_of(Role.CLERK)):
        complaint.amount_claimed = Decimal("3000")  # above 2,000: major → tier 2
        db.session.flush()
        complaint.content = "客户补充：保养后异响仍在"
        db.session.flush()
    assert [e.kind for e in events()] == [EventKind.ESCALATED_2]


def test_the_penalised_person_is_told_of_the_decision(make_complaint):
    from tests.fixtures.penalties import penalty_in_force

    penalty_in_force(make_complaint)
    [event] = events(EventKind.PENALTY_DECIDED)
    assert event.subject_id is not None
    db.session.commit()
    assert "处理决定" in event.title


def test_a_penalty_proposal_asks_the_role_above_the_proposer(make_complaint):
    from panel.notifications.context import target
    from panel.penalties import operations as penalties
    from tests.fixtures.penalties import complaint_at_fault, offence, sh_staff

    staff = sh_staff()
    complaint = complaint_at_fault(make_complaint, staff)
    penalties.propose_penalty(
        db.session,
        complaint,
        staff,
        offence("S01"),
        5,
        "接待客户时态度冷淡",
        user_of(Role.DEPT_MANAGER),
        circular=True,
    )
    db.session.commit()
    # Proposed by the department manager: decided by the service manager, who is asked.
    assert told(Role.SERVICE_MANAGER, EventKind.APPROVAL_REQUESTED)
    assert not told(Role.DEPT_MANAGER, EventKind.APPROVAL_REQUESTED)
    [event] = events(EventKind.APPROVAL_REQUESTED)
    assert event.title.startswith(f"【待审批】投诉 {complaint.number} 的奖惩建议待服务经理")
    assert staff.name in event.text and "扣减绩效分 5 分" in event.text
    assert "不得向客户答复" not in event.text  # that warning is for a remedy
    assert "审批时限" not in event.text  # the complaint's deadline is not the proposal's
    assert target(event) == ("penalty.details_view", {"id": event.subject_id})


def test_demo_history_and_the_hooks_off_write_nothing(make_complaint):
    with muted():
        complaint = make_complaint(flag_media=True)
        process.dispatch(db.session, complaint, user_of(Role.CLERK), department("SH"))
    assert events() == []


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"channel": Channel.PANEL}, "只指定一项"),
        (
            {"channel": Channel.PANEL, "role": Role.GENERAL_MANAGER, "relation": Relation.HANDLER},
            "只指定一项",
        ),
        ({"channel": Channel.WECOM, "role": Role.GENERAL_MANAGER}, "群机器人"),
        ({"channel": Channel.EMAIL, "relation": Relation.COMPLAINANT}, "短信"),
    ],
)
def test_a_routing_line_names_one_audience_or_none_for_a_robot(fields, message):
    db.session.add(NotificationRoute(event=EventKind.OVERDUE, **fields))
    with pytest.raises(RuleError, match=message), acting_as(user_of(Role.ADMIN)):
        db.session.flush()
    db.session.rollback()
