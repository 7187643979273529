"""Small helpers of the working-time feature tests (copied, not imported: the shared test
fixtures are being reorganised). Complaints walk the real process at set times."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from panel.complaints import operations as process
from panel.complaints.enums import Fault, Status
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.organisation.models.user import Role, User
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def user_of(role: Role) -> User:
    return db.session.scalar(db.select(User).filter_by(role=role).order_by(User.id))


def department(code: str) -> Department:
    return db.session.scalar(db.select(Department).filter_by(code=code))


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def register(make_complaint, received: str, registered: str | None = None, **overrides):
    """A complaint received at ``received``, registered then (or at ``registered``)."""
    with clock.travel_to(at(registered or received)):
        return make_complaint(received_at=at(received), **overrides)


def step(action, *args, when: str, **kwargs):
    """Take one process step at ``when``."""
    with clock.travel_to(at(when)):
        return action(db.session, *args, **kwargs)


def dispatch(complaint, when: str):
    return step(process.dispatch, complaint, user_of(Role.CLERK), department("SH"), when=when)


def investigate(complaint, when: str):
    return step(
        process.start_investigation,
        complaint,
        user_of(Role.DEPT_MANAGER),
        user_of(Role.ADVISOR),
        when=when,
    )


def close_from_investigating(complaint, when: str):
    """Fault, remedy, approval, reply, callback and close, all at ``when``."""
    clerk, advisor = user_of(Role.CLERK), user_of(Role.ADVISOR)
    with clock.travel_to(at(when)):
        session = db.session
        process.record_fault(session, complaint, advisor, Fault.OURS, "工单记录与监控一致")
        authority.propose_remedy(
            session, complaint, advisor, RemedyKind.APOLOGY, Decimal("0"), "当面致歉"
        )
        process.submit_for_approval(session, complaint, advisor, "非常抱歉，我们将免费返修。")
        process.move(session, complaint, Status.APPROVED, user_of(Role.SERVICE_MANAGER))
        process.reply_to_customer(session, complaint, clerk, "客户接受")
        process.record_callback(session, complaint, clerk, True, "满意")
        process.close(session, complaint, clerk)
    return complaint
