"""The demo shows a healthy desk: most open complaints within their limits, a few about to be
late, some overdue, some waiting on the customer — whatever the time the demo is loaded."""

import pytest
from sqlalchemy import func, select

from panel.complaints import queues
from panel.complaints.enums import OPEN_STATUSES, Status
from panel.complaints.models import Complaint
from panel.complaints.rules.deadlines import overdue_clause
from panel.core import clock
from panel.core.extensions import db
from panel.demo.loader import load_demo_data
from panel.organisation.models.user import Role
from tests.worktime.helpers import at, user_of


def count(*where) -> int:
    return db.session.scalar(select(func.count()).select_from(Complaint).where(*where))


@pytest.mark.parametrize(
    "now", ["2026-11-10 10:30", "2026-10-03 22:00"], ids=["weekday", "holiday"]
)
def test_most_open_demo_complaints_are_within_their_limits(now):
    with clock.travel_to(at(now)):
        load_demo_data(complaints=100)
        opened = count(Complaint.status.in_(OPEN_STATUSES))
        overdue = count(overdue_clause(clock.now()))
        soon = queues.count(db.session, user_of(Role.CLERK), "due_soon")
    waiting = count(Complaint.status == Status.PENDING_CUSTOMER)
    assert opened > 70
    assert 0 < overdue <= opened * 0.2, (overdue, opened)
    assert soon > 0 and waiting > 0
