"""Demo penalties, appeals, commendations and a pay-first recovery, made through the real
operations at historical times so that the staff ledger and the monthly summary show numbers.
Runs once: nothing happens when penalties or commendations exist, or no complaint does."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panel.complaints.enums import Category, Channel, Fault, Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
from panel.penalties import operations
from panel.penalties.models import Penalty
from panel.penalties.records import Commendation
from panel.penalties.schedule import Offence
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind, RemedyStatus

DONE = (Status.APPROVED, Status.REPLIED, Status.CALLBACK_DONE, Status.CLOSED, Status.REOPENED)
STAFF_OFFENCE = {
    Category.SERVICE_ATTITUDE: "S01",
    Category.REPAIR_QUALITY: "S02",
    Category.PRODUCT_QUALITY: "S02",
    Category.PRICING: "S03",
    Category.DELAY: "S05",
}
DRIVER_OFFENCE = {Category.SAFETY: "D06", Category.LOST_PROPERTY: "D07"}
PRAISE = [
    ("服务顾问耐心讲解保养项目，收费透明，特此表扬。", Channel.HOTLINE),
    ("师傅拾到我遗落的手机，主动联系送还，非常感谢。", Channel.WECHAT),
    ("维修速度快，交车时把车洗得干干净净。", Channel.ON_SITE),
    ("驾驶员一路平稳驾驶，帮忙搬运行李，服务热情。", Channel.LETTER_FAX),
    ("回访专员态度亲切，问题当天就解决了。", Channel.WEBSITE),
]


def _users(session: Session) -> dict[Role, User]:
    users = {}
    for user in session.scalars(select(User).order_by(User.id)):
        users.setdefault(user.role, user)
    return users


def _at(moment: datetime) -> datetime:
    return min(moment, clock.now() - timedelta(hours=1))


def load_demo_penalties(session: Session, seed: int = 20261124) -> int:
    """Add the demo reward/penalty records; return how many penalties were proposed."""
    already = session.scalar(select(func.count()).select_from(Penalty)) or session.scalar(
        select(func.count()).select_from(Commendation)
    )
    if already or not session.scalar(select(func.count()).select_from(Complaint)):
        return 0  # done before, or an organisation without complaints (the test database)
    rng = random.Random(seed)
    users = _users(session)
    offences = {o.code: o for o in session.scalars(select(Offence))}
    complaints = session.scalars(
        select(Complaint)
        .where(
            Complaint.fault.in_((Fault.OURS, Fault.BOTH)),
            Complaint.status.in_(DONE),
            Complaint.complained_staff_id.is_not(None),
        )
        .order_by(Complaint.received_at)
    ).all()
    spread = complaints[:: max(1, len(complaints) // 30)][:30]  # across the whole year
    penalties = [_propose(session, rng, users, offences, c) for c in spread]
    penalties = [p for p in penalties if p is not None]
    for index, penalty in enumerate(penalties[:-3]):  # the last three await a decision
        _decide(session, users, penalty, approve=index % 9 != 4)
    approved = [
        p
        for p in penalties
        if p.status.value == "approved" and p.proposed_by.role is Role.DEPT_MANAGER
    ]
    for index, penalty in enumerate(approved[-4:]):
        with clock.travel_to(_at(penalty.decided_at + timedelta(days=2))):
            appeal = operations.file_appeal(
                session,
                penalty,
                users[Role.CLERK],
                "当事人称当日客流过大，并非有意怠慢客户，请求从轻处理。",
            )
        if index < 2:
            with clock.travel_to(_at(appeal.filed_at + timedelta(days=1))):
                decider = _outsider(users, penalty)
                uphold = index == 0
                reason = (
                    "经复核监控录像，处罚事实清楚，维持原处罚。"
                    if uphold
                    else "经复核，当日系系统故障导致延误，撤销处罚。"
                )
                operations.decide_appeal(session, appeal, decider, uphold, reason)
    _commendations(session, rng, users)
    _recovery(session, users)
    return len(penalties)


def _propose(session, rng, users, offences, complaint: Complaint) -> Penalty | None:
    staff = complaint.complained_staff
    table = DRIVER_OFFENCE if staff.is_driver else STAFF_OFFENCE
    default = f"D0{rng.randint(1, 5)}" if staff.is_driver else "S02"
    offence = offences.get(table.get(complaint.category, default))
    if offence is None:
        return None
    own = users[Role.DEPT_MANAGER].staff
    proposer = (
        users[Role.DEPT_MANAGER]
        if own is not None and own.department_id == staff.department_id
        else users[Role.SERVICE_MANAGER]
    )
    found = complaint.transitions[-1].at if complaint.transitions else complaint.received_at
    with clock.travel_to(_at(found + timedelta(hours=rng.randint(2, 30)))):
        return operations.propose_penalty(
            session,
            complaint,
            staff,
            offence,
            rng.randint(offence.min_points, offence.max_points),
            f"经调查核实，{complaint.category.label}问题系当事人责任：{complaint.content[:40]}",
            proposer,
            major_demerit=rng.random() < 0.15,
        )


def _decide(session, users, penalty: Penalty, approve: bool) -> None:
    approver = (
        users[Role.SERVICE_MANAGER]
        if penalty.proposed_by.role is Role.DEPT_MANAGER
        else users[Role.GENERAL_MANAGER]
    )
    with clock.travel_to(_at(penalty.proposed_at + timedelta(hours=20))):
        operations.decide_penalty(
            session, penalty, approver, approve, "同意" if approve else "证据不足，退回重查"
        )


def _outsider(users, penalty: Penalty) -> User:
    for role in (Role.GENERAL_MANAGER, Role.SERVICE_MANAGER, Role.DEPT_MANAGER):
        user = users[role]
        if user.id not in (penalty.proposed_by_id, penalty.approver_id):
            return user
    return users[Role.GENERAL_MANAGER]


def _commendations(session, rng, users) -> None:
    people = session.scalars(
        select(Staff).where(Staff.staff_no.like("E%"), Staff.active.is_(True)).order_by(Staff.id)
    ).all()
    for index in range(14):
        content, channel = PRAISE[index % len(PRAISE)]
        drivers = [s for s in people if s.is_driver]
        pool = drivers if "驾驶员" in content or "师傅" in content else people
        with clock.travel_to(clock.now() - timedelta(days=rng.randint(1, 200))):
            operations.record_commendation(
                session,
                rng.choice(pool),
                users[Role.CLERK],
                content,
                points=rng.randint(1, 5),
                channel=channel,
                customer_name=rng.choice(["李先生", "王女士", "赵女士", "陈先生"]),
            )


def _recovery(session, users) -> None:
    """A delivery-inspection miss: the company pays first, then recovers from the person."""
    manager = users[Role.DEPT_MANAGER]
    complaint = session.scalars(
        select(Complaint)
        .where(
            Complaint.status == Status.AWAITING_APPROVAL,
            Complaint.fault == Fault.OURS,
            Complaint.complained_staff_id.in_(
                select(Staff.id).where(Staff.department_id == manager.staff.department_id)
            ),
        )
        .order_by(Complaint.received_at)
    ).first()
    if complaint is None:
        return
    with clock.travel_to(_at(complaint.received_at + timedelta(days=2))):
        payment = authority.propose_remedy(
            session,
            complaint,
            users[Role.ADVISOR],
            RemedyKind.PAY_FIRST,
            Decimal("800"),
            "交车检验漏检，公司先行赔付，再向责任人追偿",
        )
        if payment.status is RemedyStatus.PROPOSED:
            authority.decide_remedy(session, payment, users[payment.awaiting_role], True, "同意")
        recovery = operations.open_recovery(
            session, payment, complaint.complained_staff, Decimal("400"), manager, "按制度追偿一半"
        )
        operations.record_recovered(session, recovery, Decimal("200"), manager)
