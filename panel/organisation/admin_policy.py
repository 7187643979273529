"""The low-code tables: authority limits, deadlines and settings (admin edits, managers read)."""

from __future__ import annotations

from markupsafe import Markup, escape

from panel.access.roles import ADMIN_ONLY, POLICY_READERS
from panel.admin.base import SecureModelView
from panel.admin.fields import AmountField
from panel.organisation.settings import setting_explanation, setting_label

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
    # The calendar says whether the limit counts working time or wall-clock time (24×7).
    column_list = ("step", "severity", "urgency", "limit_minutes", "calendar", "source")
    column_default_sort = [("step", False)]
    form_columns = ("step", "severity", "urgency", "limit_minutes", "calendar", "source")
    column_editable_list = ("limit_minutes",)


def _setting_name(_view, _context, model, _name) -> Markup:
    """The setting's label and what it means, in place of its key (kept as ``data-key``)."""
    explanation = setting_explanation(model.key)
    note = f'<br><small class="text-muted">{escape(explanation)}</small>' if explanation else ""
    return Markup(
        f'<span data-key="{escape(model.key)}">{escape(setting_label(model.key))}</span>{note}'
    )


class SettingView(SecureModelView):
    view_roles = READERS
    edit_roles = ADMIN_ONLY
    column_list = ("key", "value", "updated_at")
    form_columns = ("value",)
    column_editable_list = ("value",)
    column_formatters = column_formatters_detail = {"key": _setting_name}

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and "value" in form:
            form.value.label.text = setting_label(obj.key)
            form.value.description = setting_explanation(obj.key)
        return form
