"""Admin pages of the schedule, responsible staff, commendations and recoveries."""

from __future__ import annotations

from panel.access.roles import (
    ADMIN_ONLY,
    FRONT_DESK,
    HANDLERS,
    MANAGERS,
    POLICY_READERS,
    RESPONSIBILITY_READERS,
    REVIEWERS,
)
from panel.admin.base import SecureModelView
from panel.admin.fields import AmountField
from panel.organisation.models.user import Role
from panel.penalties.scope import StaffScopedView
from panel.remedies.models import Remedy, RemedyKind, RemedyStatus

COMPLAINT_REF = {"fields": ("number",), "page_size": 20}
STAFF_REF = {"fields": ("name", "staff_no"), "page_size": 20}


class OffenceView(SecureModelView):
    view_roles = POLICY_READERS
    create_roles = edit_roles = ADMIN_ONLY
    column_list = (
        "code",
        "name",
        "scope",
        "min_points",
        "max_points",
        "demerit",
        "circular",
        "source",
        "active",
    )
    column_default_sort = ("code", False)
    column_editable_list = ("min_points", "max_points", "active")
    form_columns = (
        "code",
        "name",
        "description",
        "scope",
        "min_points",
        "max_points",
        "demerit",
        "circular",
        "source",
        "active",
    )


class ResponsibilityView(SecureModelView):
    view_roles = RESPONSIBILITY_READERS
    create_roles = edit_roles = delete_roles = HANDLERS
    column_list = ("complaint", "staff", "finding", "named_by", "named_at")
    column_default_sort = ("named_at", True)
    form_columns = ("complaint", "staff", "finding")
    form_ajax_refs = {"complaint": COMPLAINT_REF, "staff": STAFF_REF}


class CommendationView(SecureModelView):
    view_roles = FRONT_DESK | {Role.AUDITOR}
    create_roles = edit_roles = FRONT_DESK
    column_list = ("received_at", "staff", "channel", "customer_name", "points", "recorded_by")
    column_default_sort = ("received_at", True)
    column_editable_list = ("points",)
    column_details_exclude_list = ("version_id",)
    form_columns = (
        "staff",
        "received_at",
        "channel",
        "customer_name",
        "content",
        "complaint",
        "points",
    )
    form_ajax_refs = {"complaint": COMPLAINT_REF, "staff": STAFF_REF}


def _pay_first_payments():
    return (
        Remedy.query.filter_by(kind=RemedyKind.PAY_FIRST, status=RemedyStatus.APPROVED)
        .order_by(Remedy.decided_at.desc())
        .limit(200)
    )


class RecoveryView(StaffScopedView, SecureModelView):
    view_roles = REVIEWERS
    create_roles = edit_roles = MANAGERS
    column_list = (
        "complaint",
        "staff",
        "remedy",
        "amount_due",
        "amount_recovered",
        "last_recovered_at",
        "settled_at",
    )
    column_default_sort = ("created_at", True)
    column_editable_list = ("amount_recovered",)
    column_details_exclude_list = ("version_id",)
    form_columns = ("remedy", "staff", "amount_due", "amount_recovered", "note")
    # The inline editor (x-editable) supports WTForms' own DecimalField, not AmountField.
    form_overrides = {"amount_due": AmountField}
    form_args = {"remedy": {"query_factory": _pay_first_payments}}
    form_ajax_refs = {"staff": STAFF_REF}
