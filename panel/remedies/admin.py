"""Remedies: proposals, one-step decisions, bulk approval. The authority rules run at flush."""

from __future__ import annotations

from flask import flash
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from panel.access.roles import MANAGERS, PROPOSERS
from panel.admin.base import ALL_ROLES, SecureModelView
from panel.admin.fields import AmountField
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.models import lazy_label
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import Remedy, RemedyKind, RemedyStatus


class RemedyView(SecureModelView):
    view_roles = ALL_ROLES
    create_roles = PROPOSERS
    edit_roles = PROPOSERS
    column_list = (
        "complaint",
        "kind",
        "amount",
        "status",
        "awaiting_role",
        "proposed_by",
        "proposed_at",
        "approver",
        "decided_at",
    )
    column_default_sort = ("proposed_at", True)
    column_filters = (
        FilterEqual(Remedy.status, lazy_label(Remedy, "status"), options=RemedyStatus.choices()),
        FilterEqual(Remedy.kind, lazy_label(Remedy, "kind"), options=RemedyKind.choices()),
        FilterEqual(
            Remedy.awaiting_role, lazy_label(Remedy, "awaiting_role"), options=Role.choices()
        ),
    )
    column_editable_list = ("status",)
    # Who it waits for, while it waits: a decided remedy waits for nobody.
    column_formatters = {
        "awaiting_role": lambda _v, _c, m, _n: (
            m.awaiting_role.label if m.status is RemedyStatus.PROPOSED and m.awaiting_role else ""
        )
    }
    form_columns = ("complaint", "kind", "amount", "description", "status", "decision_comment")
    form_overrides = {"amount": AmountField}
    form_ajax_refs = {"complaint": {"fields": ("number", "plate_number"), "page_size": 20}}

    def create_form(self, obj=None):
        form = super().create_form(obj)
        del form.status, form.decision_comment  # a new remedy is always a proposal
        return form

    def _decide_selected(self, ids, approve: bool) -> None:
        done, refused = 0, []
        wanted = [int(i) for i in ids]
        for remedy in db.session.scalars(db.select(Remedy).where(Remedy.id.in_(wanted))):
            try:
                with db.session.begin_nested():
                    authority.decide_remedy(
                        db.session,
                        remedy,
                        self._actor(),
                        approve,
                        None if approve else _("Rejected in bulk."),
                    )
                done += 1
            except RuleError as exc:
                refused.append(f"{remedy.complaint.number} {remedy}: {exc.message}")
        db.session.commit()
        if done:
            flash(_("%(n)d remedies decided.", n=done), "success")
        for message in refused:
            flash(message, "error")

    @staticmethod
    def _actor():
        from flask_login import current_user

        return current_user._get_current_object()

    def is_action_allowed(self, name: str) -> bool:
        if name in ("approve", "reject"):
            return self._role_in(MANAGERS)
        return super().is_action_allowed(name)

    @action("approve", _l("Approve selected"), _l("Approve the selected remedies?"))
    def action_approve(self, ids):
        self._decide_selected(ids, approve=True)

    @action("reject", _l("Reject selected"), _l("Reject the selected remedies?"))
    def action_reject(self, ids):
        self._decide_selected(ids, approve=False)
