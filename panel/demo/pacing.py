"""A healthy desk for the demo: open complaints whose last step is recent, in working time.

Closed complaints keep their random history over the past year. An open complaint is planned
backwards from now: its walk takes small steps of business time (clock time when urgent, whose
limits count clock time), and its last step is as old as its bucket wants — most well within
the step's limit, a few close to it (due within two working hours), some past it — so the
landing page shows real work, not a wall of 已超时. Complaints waiting on the customer
(未了事宜) were parked up to six weeks ago; those parked long ago had their monthly review.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.organisation.models.user import User
from panel.worktime import store
from panel.worktime.calendar import WorkingCalendar
from panel.worktime.operations import record_review
from panel.worktime.rules import resume_due_at

STEP_MINUTES = 5  # business (or clock) minutes per step of a planned walk
# Upper bound of the walk's steps to reach each state (registration, remedies, decisions,
# the regulator's reply included), so that the walk always ends before now.
STEPS = {
    Status.REGISTERED: 1,
    Status.DISPATCHED: 2,
    Status.INVESTIGATING: 3,
    Status.PENDING_CUSTOMER: 4,
    Status.AWAITING_APPROVAL: 6,
    Status.APPROVED: 9,
    Status.REPLIED: 11,
    Status.CALLBACK_DONE: 12,
    Status.REOPENED: 12,
}
# The working time (minutes) of the step each state waits on, for a general complaint:
# 30 min to dispatch, 2 h to assign, 24 h (one working day of 9 h) to investigate, ...
BUDGET = {
    Status.REGISTERED: 30,
    Status.DISPATCHED: 120,
    Status.INVESTIGATING: 540,
    Status.AWAITING_APPROVAL: 240,
    Status.APPROVED: 240,
    Status.REPLIED: 540,
    Status.CALLBACK_DONE: 540,
    Status.REOPENED: 30,
}
URGENT_BUDGET = {Status.REGISTERED: 10, Status.REOPENED: 10}
REVIEW_AFTER_DAYS = 25


@dataclass(frozen=True)
class Pace:
    """Steps of ``minutes`` in ``calendar`` that never pass ``end``."""

    calendar: WorkingCalendar
    end: datetime
    minutes: int = STEP_MINUTES

    def after(self, moment: datetime) -> datetime:
        step = resume_due_at(moment, timedelta(minutes=self.minutes), self.calendar)
        return min(step, self.end)

    def back(self, moment: datetime, minutes: float) -> datetime:
        return resume_due_at(moment, -timedelta(minutes=minutes), self.calendar)


def bucket(index: int) -> str:
    """One open complaint in eleven is overdue, one close to due, the rest within limits."""
    return {0: "overdue", 5: "soon"}.get(index % 11, "within")


def plan(
    session: Session, rng: random.Random, target: Status, now: datetime, index: int, urgent: bool
) -> tuple[datetime, Pace]:
    """When an open complaint bound for ``target`` was received, and the pace of its walk."""
    office = store.office(session)
    calendar = WorkingCalendar.always_open() if urgent else office
    if target is Status.PENDING_CUSTOMER:
        parked = now - timedelta(days=rng.randint(1, 42), minutes=rng.randrange(600))
        pace = Pace(calendar, parked)
        return pace.back(parked, STEPS[target] * STEP_MINUTES), pace
    budget = (URGENT_BUDGET if urgent else {}).get(target) or BUDGET[target]
    kind = bucket(index)
    if kind == "overdue":
        age = budget + rng.randint(20, 240)
    elif kind == "soon":
        age = max(budget - rng.randint(30, 100), budget * 0.5)
    else:
        age = budget * rng.uniform(0.05, 0.45)
    pace = Pace(calendar, now)
    return pace.back(now, STEPS[target] * STEP_MINUTES + age), pace


def review_if_due(
    session: Session, complaint: Complaint, clerk: User, parked: datetime, now: datetime
) -> None:
    """A matter parked long enough ago had its monthly review (001)."""
    reviewed = parked + timedelta(days=REVIEW_AFTER_DAYS)
    if reviewed >= now:
        return
    with clock.travel_to(reviewed):
        record_review(
            session,
            complaint,
            clerk,
            "已再次电话联系客户，客户表示近期回厂处理，继续跟进。",
            reviewed.date() + timedelta(days=30),
        )
