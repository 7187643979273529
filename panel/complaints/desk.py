"""The desk pages: the approval queue and screen, and the pending-on-customer ledger.

Approving and rejecting post to the complaint's own process endpoint (``complaint.step_view``,
``op=decide`` / ``op=move``): one rule path for the case file, this screen, the CLI and bulk
actions. This module only decides what to show.
"""

from __future__ import annotations

from flask import abort, request, url_for
from flask_admin import expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user

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
        """The ledger with each matter's last monthly review and the next one due; reviews
        are recorded, and the ledger exported and printed, by ``panel.worktime.admin``."""
        from panel.worktime.ledger import REVIEW_DAYS, ledger_rows

        rows = ledger_rows(db.session, self.user(), clock.now())
        return self.render(
            "complaints/ledger.html", rows=rows, review_days=REVIEW_DAYS, today=clock.today()
        )

    @expose("/review/<int:complaint_id>", methods=("POST",))
    def review_view(self, complaint_id: int):
        from panel.worktime.admin import review_post

        return review_post(complaint_id)

    @expose("/export")
    def export_view(self):
        from panel.worktime.admin import export_ledger

        return export_ledger(request.args.get("format", "csv"))

    @expose("/print")
    def print_view(self):
        from panel.worktime.admin import print_ledger

        return print_ledger()


def add_views(admin) -> None:
    admin.add_view(ApprovalView(name=_l("Awaiting my approval"), endpoint="approval"))
    admin.add_view(
        LedgerView(name=_l("Pending on the customer (ledger)"), endpoint="ledger", url="ledger")
    )
