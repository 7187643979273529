"""Walk complaints through the process for tests, with the demo organisation's users."""

from __future__ import annotations

from decimal import Decimal

from panel.complaints import operations as process
from panel.complaints.enums import Fault, Status
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind
from tests.conftest import department, user_of

ORDER = [
    Status.DISPATCHED,
    Status.INVESTIGATING,
    Status.AWAITING_APPROVAL,
    Status.APPROVED,
    Status.REPLIED,
    Status.CALLBACK_DONE,
    Status.CLOSED,
]


def advance(complaint, target: Status, remedy=(RemedyKind.APOLOGY, "0")):
    """Take ``complaint`` along the main path up to ``target`` with the right people."""
    session = db.session
    clerk, advisor = user_of(Role.CLERK), user_of(Role.ADVISOR)
    for state in ORDER[: ORDER.index(target) + 1]:
        if state is Status.DISPATCHED:
            process.dispatch(session, complaint, clerk, department("SH"))
        elif state is Status.INVESTIGATING:
            process.start_investigation(session, complaint, user_of(Role.DEPT_MANAGER), advisor)
        elif state is Status.AWAITING_APPROVAL:
            process.record_fault(session, complaint, advisor, Fault.OURS, "工单记录与监控一致")
            kind, amount = remedy
            authority.propose_remedy(session, complaint, advisor, kind, Decimal(amount), "处理方案")
            process.submit_for_approval(session, complaint, advisor, "非常抱歉，我们将免费返修。")
        elif state is Status.APPROVED:
            for r in complaint.remedies:
                if r.status.value == "proposed":
                    authority.decide_remedy(session, r, user_of(r.awaiting_role), True, "同意")
            process.move(session, complaint, Status.APPROVED, user_of(Role.SERVICE_MANAGER))
        elif state is Status.REPLIED:
            process.reply_to_customer(session, complaint, clerk, "客户接受")
        elif state is Status.CALLBACK_DONE:
            process.record_callback(session, complaint, clerk, True, "满意")
        elif state is Status.CLOSED:
            process.close(session, complaint, clerk)
    return complaint
