"""Walk demo complaints through the real process, at historical times, to a target state."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from panel.access.scope import may_see
from panel.complaints import operations as process
from panel.complaints.enums import Fault, Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.demo import pacing
from panel.organisation.models.department import Department
from panel.organisation.models.user import Role, User
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind

# How far along the process each target state lies: (steps, days the steps take in all).
DEPTH = {
    Status.REGISTERED: 0,
    Status.DISPATCHED: 1,
    Status.INVESTIGATING: 2,
    Status.PENDING_CUSTOMER: 3,
    Status.INVALID: 3,
    Status.AWAITING_APPROVAL: 4,
    Status.APPROVED: 5,
    Status.REPLIED: 6,
    Status.CALLBACK_DONE: 7,
    Status.REOPENED: 7,
    Status.CLOSED: 8,
}


class Walk:
    """Step a complaint forward; each step a little later than the one before.

    With a ``pace`` (:class:`panel.demo.pacing.Pace`) each step takes that many minutes of the
    pace's calendar (business time, or clock time for urgent complaints) and never goes past
    its end: the open complaints of a healthy desk, whose last step is recent.
    """

    def __init__(
        self,
        session: Session,
        rng: random.Random,
        users: dict[Role, User],
        complaint: Complaint,
        start: datetime,
        pace=None,
    ):
        self.session, self.rng, self.users, self.complaint = session, rng, users, complaint
        self.at = start
        self.pace = pace

    def later(self, low_minutes: int, high_minutes: int) -> datetime:
        if self.pace is not None:
            self.at = self.pace.after(self.at)
            return self.at
        self.at += timedelta(minutes=self.rng.randint(low_minutes, high_minutes))
        return self.at

    def run(self, step, *args, low=10, high=120, **kwargs):
        with clock.travel_to(self.later(low, high)):
            return step(self.session, self.complaint, *args, **kwargs)


def walk_to(
    session: Session,
    rng: random.Random,
    users: dict[Role, User],
    complaint: Complaint,
    target: Status,
    department: Department,
    pace=None,
) -> None:
    """Register ``complaint`` (already added) and take it to ``target`` by the process steps."""
    clerk, advisor = users[Role.CLERK], users[Role.ADVISOR]
    walk = Walk(session, rng, users, complaint, complaint.received_at, pace)
    with clock.travel_to(walk.later(1, 12)), acting_as(clerk):
        complaint.created_at = clock.now()
        session.flush()  # registration: numbered, classified, timed, audited
    if target is Status.REGISTERED:
        return
    if target is Status.INVALID and rng.random() < 0.5:
        walk.run(
            process.close_as_invalid,
            clerk,
            reply="经核实，该情况不属于我公司责任，已向您说明原因，感谢您的理解与监督。",
            reason="误投诉：客户误认车辆",
        )
        return
    walk.run(process.dispatch, clerk, department, low=5, high=40)
    if target is Status.DISPATCHED:
        return
    manager = _in_scope(users, complaint, Role.DEPT_MANAGER)
    walk.run(process.start_investigation, manager, advisor, low=20, high=180)
    if target is Status.INVESTIGATING:
        return
    if target is Status.PENDING_CUSTOMER:
        walk.run(
            process.move,
            Status.PENDING_CUSTOMER,
            advisor,
            reason="客户电话无法接通，等待客户回复",
            low=60,
            high=600,
        )
        if pace is not None:
            pacing.review_if_due(session, complaint, clerk, walk.at, clock.now())
        return
    if target is Status.INVALID:
        walk.run(process.record_fault, advisor, Fault.COMPLAINANT, "调取维修记录与监控，属客户误解")
        walk.run(
            process.close_as_invalid,
            advisor,
            reply="经调查核实，问题不属于我公司责任，已向您详细说明，感谢您的理解。",
            reason="调查后确认为误投诉",
        )
        return
    _investigate(walk, advisor)
    if target is Status.AWAITING_APPROVAL:
        return
    _approve(walk)
    if target is Status.APPROVED:
        return
    if complaint.regulator_reply_due_at is not None:  # the regulator hears it too (001)
        complaint.regulator_replied_at = walk.later(10, 120)
    walk.run(process.reply_to_customer, clerk, "客户表示接受处理方案", low=30, high=300)
    if target is Status.REPLIED:
        return
    satisfied = target is not Status.REOPENED
    walk.run(
        process.record_callback,
        clerk,
        satisfied,
        "对处理结果满意" if satisfied else "客户对处理结果不满意，要求重新处理",
        low=600,
        high=1500,
    )
    if target in (Status.CALLBACK_DONE, Status.REOPENED):
        return
    walk.run(process.close, clerk, low=10, high=600)


def _investigate(walk: Walk, advisor: User) -> None:
    rng = walk.rng
    complaint = walk.complaint
    fault = rng.choice([Fault.OURS, Fault.OURS, Fault.BOTH, Fault.UNDETERMINED])
    walk.run(
        process.record_fault,
        advisor,
        fault,
        "调取维修工单、监控录像并与当事员工核实",
        low=120,
        high=900,
    )
    with clock.travel_to(walk.later(10, 60)):
        authority.propose_remedy(
            walk.session, complaint, advisor, RemedyKind.APOLOGY, Decimal("0"), "当面向客户赔礼道歉"
        )
        amount = complaint.amount_claimed or Decimal("0")
        if amount > 0:
            kind = RemedyKind.COMPENSATION if rng.random() < 0.5 else RemedyKind.FEE_WAIVER
            authority.propose_remedy(
                walk.session, complaint, advisor, kind, amount, f"按客户要求给予{kind.label}"
            )
    walk.run(
        process.submit_for_approval,
        advisor,
        "非常抱歉给您带来不便。经调查，我们将按上述方案处理，并加强员工培训。",
        low=10,
        high=120,
    )


def _approve(walk: Walk) -> None:
    for remedy in walk.complaint.remedies:
        if remedy.status.value == "proposed":
            approver = _in_scope(walk.users, walk.complaint, remedy.awaiting_role)
            with clock.travel_to(walk.later(20, 240)):
                authority.decide_remedy(walk.session, remedy, approver, True, "同意")
    walk.run(process.move, Status.APPROVED, walk.users[Role.SERVICE_MANAGER], low=5, high=60)


def _in_scope(users: dict[Role, User], complaint: Complaint, role: Role) -> User:
    """The demo user of ``role``, or the service manager when the complaint lies outside the
    department of that user (the one demo department manager runs 售后服务部)."""
    user = users[role]
    return user if may_see(user, complaint) else users[Role.SERVICE_MANAGER]


def start_for(rng: random.Random, target: Status, now: datetime, recent: bool) -> datetime:
    """A receipt time early enough for the walk to end before ``now``."""
    depth_days = DEPTH[target] * 1.5 + 1
    if recent:
        return now - timedelta(days=depth_days, hours=rng.randint(1, 48))
    return now - timedelta(days=depth_days + rng.randrange(360), minutes=rng.randrange(1440))
