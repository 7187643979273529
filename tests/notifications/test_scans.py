"""The minute's scan: a complaint left untouched tells its handler at 75 % of the step's working
time, the department manager when it is overdue, and reaches the general manager at tier 3."""

from __future__ import annotations

from datetime import datetime, timedelta

from panel.complaints import operations as process
from panel.core import clock
from panel.core.extensions import db
from panel.notifications.enums import EventKind
from panel.notifications.scans import scan, used_share
from panel.organisation.models.user import Role
from panel.worktime.calendar import WorkingCalendar

from ._helpers import bell_of, department, events, told, user_of

MONDAY = datetime(2026, 12, 7, 9, 0)


def untouched_investigation(make_complaint):
    """A complaint assigned to the advisor on Monday 09:00 and left alone."""
    with clock.travel_to(MONDAY):
        complaint = make_complaint(received_at=MONDAY)
        process.dispatch(db.session, complaint, user_of(Role.CLERK), department("SH"))
        process.start_investigation(
            db.session, complaint, user_of(Role.DEPT_MANAGER), user_of(Role.ADVISOR)
        )
        db.session.commit()
    return complaint


def scan_at(moment: datetime) -> int:
    with clock.travel_to(moment):
        written = scan(db.session)
    return written


def kinds() -> list[EventKind]:
    return [e.kind for e in events() if e.kind not in (EventKind.DISPATCHED, EventKind.ASSIGNED)]


def test_due_soon_then_overdue_then_tier_three(make_complaint):
    complaint = untouched_investigation(make_complaint)
    due = complaint.step_due_at
    assert due > MONDAY + timedelta(hours=20)  # a working day: Tuesday morning

    assert scan_at(MONDAY + timedelta(hours=1)) == 0  # early in the step: nobody is told
    scan_at(datetime(2026, 12, 7, 16, 45))  # past 75 % of the working day
    assert kinds() == [EventKind.DUE_SOON]
    assert told(Role.ADVISOR, EventKind.DUE_SOON)
    assert not told(Role.DEPT_MANAGER, EventKind.OVERDUE)

    scan_at(due + timedelta(minutes=5))
    assert EventKind.OVERDUE in kinds()
    assert told(Role.DEPT_MANAGER, EventKind.OVERDUE)
    overdue = next(t for t in bell_of(user_of(Role.DEPT_MANAGER)) if "已超时" in t)
    assert complaint.number in overdue

    assert scan_at(due + timedelta(minutes=6)) == 0  # each event once
    assert not told(Role.GENERAL_MANAGER, EventKind.ESCALATED_3)
    scan_at(complaint.escalate_due_at + timedelta(minutes=1))
    assert told(Role.GENERAL_MANAGER, EventKind.ESCALATED_3)
    assert kinds().count(EventKind.ESCALATED_3) == 1
    title = next(t for t in bell_of(user_of(Role.GENERAL_MANAGER)) if "升级" in t)
    assert title == f"【升级·第3级】投诉 {complaint.number}"


def test_a_media_case_reaches_the_general_manager_at_registration(make_complaint):
    with clock.travel_to(MONDAY):
        make_complaint(received_at=MONDAY, flag_media=True)
        db.session.commit()
    assert told(Role.GENERAL_MANAGER, EventKind.ESCALATED_3)
    scan_at(MONDAY + timedelta(days=4))  # the dispatch is overdue by now
    escalations = [k for k in kinds() if k.tier is not None]
    assert escalations == [EventKind.ESCALATED_3]  # no lower tier follows a higher one


def test_the_share_used_counts_working_time_only():
    office = WorkingCalendar.from_data()  # weekdays 08:30–17:30
    friday_close, monday_open = datetime(2026, 12, 4, 17, 30), datetime(2026, 12, 7, 8, 30)
    start, due = datetime(2026, 12, 4, 13, 30), datetime(2026, 12, 7, 12, 30)  # 4 h + 4 h
    assert used_share(start, due, friday_close, office) == 0.5
    assert used_share(start, due, monday_open, office) == 0.5  # the weekend does not count
    assert used_share(start, due, due, office) == 1.0
