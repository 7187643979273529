"""Login accounts, for the admin role only."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField

from panel.access.roles import ADMIN_ONLY
from panel.admin.base import SecureModelView
from panel.core.errors import RuleError
from panel.security.passwords import check_password_rules


class UserView(SecureModelView):
    view_roles = create_roles = edit_roles = ADMIN_ONLY
    column_list = ("username", "role", "staff", "active", "last_login_at")
    column_searchable_list = ("username",)
    column_exclude_list = ("password_hash",)
    column_details_exclude_list = ("password_hash",)
    # Listed here too: with form_columns set, Flask-Admin drops form_extra_fields not named.
    form_columns = ("username", "role", "staff", "active", "new_password")
    form_extra_fields = {"new_password": PasswordField(_l("New password"))}
    form_ajax_refs = {"staff": {"fields": ("name", "staff_no"), "page_size": 20}}

    def on_model_change(self, form, model, is_created: bool) -> None:
        password = form.new_password.data if hasattr(form, "new_password") else None
        if is_created and not password:
            raise RuleError(_("New password is required for a new account."), "new_password")
        if password:
            check_password_rules(password, model.username)
            model.set_password(password)
