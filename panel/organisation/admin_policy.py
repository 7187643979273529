"""The low-code tables: authority limits, deadlines and settings (admin edits, managers read)."""

from __future__ import annotations

from panel.access.roles import ADMIN_ONLY, POLICY_READERS
from panel.admin.base import SecureModelView
from panel.admin.fields import AmountField

READERS = POLICY_READERS


class AuthorityLimitView(SecureModelView):
    view_roles = READERS
    create_roles = edit_roles = delete_roles = ADMIN_ONLY
    column_list = ("role", "remedy_kind", "max_amount")
    column_default_sort = [("role", False), ("remedy_kind", False)]
    form_columns = ("role", "remedy_kind", "max_amount")
    form_overrides = {"max_amount": AmountField}
    column_filters = ("role", "remedy_kind")


class SlaPolicyView(SecureModelView):
    view_roles = READERS
    create_roles = edit_roles = delete_roles = ADMIN_ONLY
    column_list = ("step", "severity", "urgency", "limit_minutes", "source")
    column_default_sort = [("step", False)]
    form_columns = ("step", "severity", "urgency", "limit_minutes", "source")
    column_editable_list = ("limit_minutes",)


class SettingView(SecureModelView):
    view_roles = READERS
    edit_roles = ADMIN_ONLY
    column_list = ("key", "value", "updated_at")
    form_columns = ("value",)
    column_editable_list = ("value",)
