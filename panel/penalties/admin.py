"""Admin pages of penalties, appeals, the schedule, responsibility, recoveries, commendations.

Views are settings and calls into the operations; the rules run at flush time, so the form,
the inline edit and the bulk actions all meet them (a refusal is flashed in Chinese).
"""

from __future__ import annotations

from flask import flash
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from panel.access.roles import (
    APPEAL_READERS,
    MANAGERS,
    PENALTY_FILERS,
    PENALTY_PROPOSERS,
    REVIEWERS,
)
from panel.admin.base import SecureModelView
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.models import lazy_label
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.penalties.models import Penalty, PenaltyAppeal, PenaltyStatus
from panel.penalties.records import Commendation, Recovery, Responsibility
from panel.penalties.rules.appeal import DECIDERS
from panel.penalties.schedule import Offence
from panel.penalties.scope import StaffScopedView

CATEGORY = _l("Rewards and penalties")
COMPLAINT_REF = {"fields": ("number",), "page_size": 20}
STAFF_REF = {"fields": ("name", "staff_no"), "page_size": 20}


def _actor():
    return current_user._get_current_object()


def _decide_each(rows, decide, describe) -> None:
    """Run ``decide`` on each row in its own savepoint; report what was done and refused."""
    done, refused = 0, []
    for row in rows:
        try:
            with db.session.begin_nested():
                decide(row)
            done += 1
        except RuleError as exc:
            refused.append(f"{describe(row)}: {exc.message}")
    db.session.commit()
    if done:
        flash(_("%(n)d records decided.", n=done), "success")
    for message in refused:
        flash(message, "error")


def _active_offences():
    return Offence.query.filter_by(active=True).order_by(Offence.code)


class PenaltyView(StaffScopedView, SecureModelView):
    view_roles = REVIEWERS
    create_roles = PENALTY_PROPOSERS
    edit_roles = MANAGERS
    column_list = (
        "complaint",
        "staff",
        "offence",
        "points",
        "major_demerit",
        "circular",
        "status",
        "proposed_by",
        "approver",
        "decided_at",
    )
    column_default_sort = ("created_at", True)
    column_filters = (
        FilterEqual(Penalty.status, lazy_label(Penalty, "status"), options=PenaltyStatus.choices()),
    )
    column_editable_list = ("points", "status")
    column_details_exclude_list = ("version_id",)
    form_columns = (
        "complaint",
        "staff",
        "offence",
        "points",
        "major_demerit",
        "circular",
        "reason",
        "note",
        "status",
        "decision_comment",
    )
    form_args = {"offence": {"query_factory": _active_offences}}
    form_ajax_refs = {"complaint": COMPLAINT_REF, "staff": STAFF_REF}

    def create_form(self, obj=None):
        form = super().create_form(obj)
        del form.status, form.decision_comment  # a new penalty is always a proposal
        return form

    def is_action_allowed(self, name: str) -> bool:
        if name in ("approve", "reject"):
            return self._role_in(MANAGERS)
        return super().is_action_allowed(name)

    def _decide(self, ids, approve: bool) -> None:
        rows = db.session.scalars(select(Penalty).where(Penalty.id.in_([int(i) for i in ids])))
        comment = None if approve else _("Rejected in bulk.")
        _decide_each(
            rows,
            lambda p: operations.decide_penalty(db.session, p, _actor(), approve, comment),
            lambda p: f"{p.complaint.number} {p.staff.name}",
        )

    @action("approve", _l("Approve selected"), _l("Approve the selected penalties?"))
    def action_approve(self, ids):
        self._decide(ids, approve=True)

    @action("reject", _l("Reject selected"), _l("Reject the selected penalties?"))
    def action_reject(self, ids):
        self._decide(ids, approve=False)


def _appealable_penalties():
    """The penalties the current user may appeal: any approved one for a clerk, else their own."""
    query = Penalty.query.filter_by(status=PenaltyStatus.APPROVED)
    if current_user.role is not Role.CLERK:
        query = query.filter(Penalty.staff_id == (current_user.staff_id or 0))
    return query.order_by(Penalty.decided_at.desc())


class AppealView(SecureModelView):
    """Appeals: a clerk sees all (files on behalf), a manager or auditor all; anyone else only
    the appeals against their own penalties."""

    view_roles = PENALTY_FILERS | {Role.AUDITOR}
    create_roles = PENALTY_FILERS
    edit_roles = DECIDERS
    column_list = (
        "penalty.staff",
        "penalty",
        "filed_by",
        "filed_at",
        "outcome",
        "decided_by",
        "decided_at",
    )
    extra_labels = {"penalty.staff": _l("Penalised staff")}
    column_default_sort = ("filed_at", True)
    column_details_exclude_list = ("version_id",)
    form_columns = ("penalty", "grounds", "outcome", "decision_reason")
    form_args = {"penalty": {"query_factory": _appealable_penalties}}

    def _sees_all(self) -> bool:
        return current_user.role in APPEAL_READERS

    def get_query(self):
        query = super().get_query()
        if self._sees_all():
            return query
        return query.join(PenaltyAppeal.penalty).filter(
            Penalty.staff_id == (current_user.staff_id or 0)
        )

    def get_count_query(self):
        query = super().get_count_query()
        if self._sees_all():
            return query
        return query.join(PenaltyAppeal.penalty).filter(
            Penalty.staff_id == (current_user.staff_id or 0)
        )

    def get_one(self, id):
        appeal = super().get_one(id)
        hidden = appeal is not None and not self._sees_all()
        if hidden and appeal.penalty.staff_id != current_user.staff_id:
            return None
        return appeal

    def create_form(self, obj=None):
        form = super().create_form(obj)
        del form.outcome, form.decision_reason  # decided later, by someone not involved
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        del form.penalty, form.grounds  # a filed appeal does not change
        return form

    def is_action_allowed(self, name: str) -> bool:
        if name in ("uphold", "revoke"):
            return self._role_in(DECIDERS)
        return super().is_action_allowed(name)

    def _decide(self, ids, uphold: bool) -> None:
        rows = db.session.scalars(
            select(PenaltyAppeal).where(PenaltyAppeal.id.in_([int(i) for i in ids]))
        )
        reason = _("Decided in bulk after review.")
        _decide_each(
            rows,
            lambda a: operations.decide_appeal(db.session, a, _actor(), uphold, reason),
            lambda a: f"{a.penalty.complaint.number} {a.penalty.staff.name}",
        )

    @action("uphold", _l("Uphold the penalties"), _l("Uphold the selected penalties?"))
    def action_uphold(self, ids):
        self._decide(ids, uphold=True)

    @action("revoke", _l("Revoke the penalties"), _l("Revoke the selected penalties?"))
    def action_revoke(self, ids):
        self._decide(ids, uphold=False)


def add_views(admin) -> None:
    """Register the pages under the "Rewards and penalties" menu."""
    from panel.penalties.admin_ledger import PenaltySummaryView, StaffLedgerView
    from panel.penalties.admin_records import (
        CommendationView,
        OffenceView,
        RecoveryView,
        ResponsibilityView,
    )

    session = db
    admin.add_view(
        PenaltyView(Penalty, session, name=_l("Penalties"), endpoint="penalty", category=CATEGORY)
    )
    admin.add_view(
        AppealView(PenaltyAppeal, session, name=_l("Appeals"), endpoint="appeal", category=CATEGORY)
    )
    admin.add_view(
        CommendationView(
            Commendation,
            session,
            name=_l("Commendations"),
            endpoint="commendation",
            category=CATEGORY,
        )
    )
    admin.add_view(
        RecoveryView(
            Recovery, session, name=_l("Recoveries"), endpoint="recovery", category=CATEGORY
        )
    )
    admin.add_view(
        ResponsibilityView(
            Responsibility,
            session,
            name=_l("Responsible staff"),
            endpoint="responsibility",
            category=CATEGORY,
        )
    )
    admin.add_view(
        StaffLedgerView(
            name=_l("Staff ledger"), endpoint="staff_ledger", url="staff-ledger", category=CATEGORY
        )
    )
    admin.add_view(
        PenaltySummaryView(
            name=_l("Monthly reward/penalty summary"),
            endpoint="penalty_summary",
            url="penalty-summary",
            category=CATEGORY,
        )
    )
    admin.add_view(
        OffenceView(
            Offence, session, name=_l("Penalty schedule"), endpoint="offence", category=CATEGORY
        )
    )
