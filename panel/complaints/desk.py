"""The desk pages: the approval queue and screen, and the pending-on-customer ledger.

Approving and rejecting post to the complaint's own process endpoint (``complaint.step_view``,
``op=decide`` / ``op=move``): one rule path for the case file, this screen, the CLI and bulk
actions. This module only decides what to show.
"""

from __future__ import annotations

from flask import abort, url_for
from flask_admin import expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from panel.access.privacy import mask_phone, sees_full_phone
from panel.access.roles import MANAGERS, WORKERS
from panel.access.views import RoleView
from panel.complaints import queues
from panel.complaints.casefile import deadlines
from panel.complaints.enums import Status
from panel.complaints.landing import complaint_view
from panel.complaints.models import Complaint
from panel.complaints.queues import why_not_mine
from panel.complaints.rules import lifecycle
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import User
from panel.remedies.models import RemedyStatus

# The steps of the reply approval (000 §五.4): approve, or send back for more investigation.
APPROVAL_TARGETS = (Status.APPROVED, Status.INVESTIGATING)


class WorkspaceView(RoleView):
    """A desk page for ``view_roles``; anonymous users go to the login, other roles 403."""

    @staticmethod
    def user() -> User:
        return current_user._get_current_object()


def shown_phone(complaint: Complaint, user: User) -> str:
    phone = complaint.complainant_phone or ""
    return phone if sees_full_phone(user.role) else (mask_phone(phone) or "")


class ApprovalView(WorkspaceView):
    view_roles = MANAGERS

    @expose("/")
    def index_view(self):
        items = queues.approval_items(db.session, self.user())
        return self.render("complaints/approval_list.html", items=items)

    @expose("/<int:complaint_id>")
    def screen_view(self, complaint_id: int):
        user = self.user()
        complaint = complaint_view().get_one(str(complaint_id))
        if complaint is None:
            abort(404)
        mine = {r.id for r in queues.remedies_awaiting(db.session, user, complaint.id)}
        remedies = [
            {
                "remedy": r,
                "decidable": r.id in mine,
                "why_not": why_not_mine(db.session, r, user)
                if r.status is RemedyStatus.PROPOSED and r.id not in mine
                else "",
            }
            for r in complaint.remedies
        ]
        steps = [
            (step, target)
            for step, target in lifecycle.allowed_steps(db.session, complaint, user)
            if complaint.status is Status.AWAITING_APPROVAL and target in APPROVAL_TARGETS
        ]
        return self.render(
            "complaints/approval.html",
            complaint=complaint,
            phone=shown_phone(complaint, user),
            remedies=remedies,
            steps=steps,
            Status=Status,
            deadlines=deadlines(complaint, clock.now()),
            back=url_for(".screen_view", complaint_id=complaint.id),
        )


class LedgerView(WorkspaceView):
    """未了事宜台帐: complaints waiting on the customer, oldest first, reviewed monthly (001)."""

    view_roles = WORKERS

    @expose("/")
    def index_view(self):
        user = self.user()
        now = clock.now()
        statement = queues.queue_statement(db.session, user, "pending", now).options(
            selectinload(Complaint.transitions)
        )
        rows = []
        for complaint in db.session.scalars(statement):
            parked = next(
                (
                    t
                    for t in reversed(complaint.transitions)
                    if t.to_status is Status.PENDING_CUSTOMER
                ),
                None,
            )
            since = parked.at if parked else complaint.received_at
            rows.append(
                {
                    "complaint": complaint,
                    "phone": shown_phone(complaint, user),
                    "since": since,
                    "days": (now - since).days,
                    "from_status": parked.from_status if parked else None,
                    "reason": parked.reason if parked else "",
                }
            )
        rows.sort(key=lambda row: row["since"])
        return self.render("complaints/ledger.html", rows=rows, review_days=30)


def add_views(admin) -> None:
    admin.add_view(ApprovalView(name=_l("Awaiting my approval"), endpoint="approval"))
    admin.add_view(
        LedgerView(name=_l("Pending on the customer (ledger)"), endpoint="ledger", url="ledger")
    )
