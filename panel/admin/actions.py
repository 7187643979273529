"""Bulk actions refused with a reason: Flask-Admin returns to the list in silence when the
action named is not the user's to take (or not one of the view's at all). Here the user is
told why, and the refusal goes into the audit trail (``forbidden``, with the action and the
rows it named) like any refused request."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_admin.helpers import get_redirect_target
from flask_babel import gettext as _
from flask_login import current_user


class RefusedActionsMixin:
    """Mixed into ``panel.admin.base.SecureModelView``."""

    def handle_action(self, return_view=None):
        form = self.action_form()
        if self.validate_form(form):
            name = form.action.data
            if name not in self._actions_data or not self.is_action_allowed(name):
                return self._refuse_action(name, return_view)
        return super().handle_action(return_view)

    def _refuse_action(self, name: str, return_view=None):
        from panel.security.journal import record_refusal

        known = self._actions_data.get(name)
        user = current_user._get_current_object()
        flash(
            _(
                "Your role (%(role)s) may not take the action “%(action)s” here; nothing was "
                "changed.",
                role=user.role.label,
                action=str(known[1]) if known else str(name)[:40],
            ),
            "error",
        )
        rows = request.form.getlist("rowid")
        record_refusal(action=str(name)[:40], rows=[str(r)[:20] for r in rows[:20]])
        target = get_redirect_target() or self.get_url(".index_view")
        return redirect(self.get_url("." + return_view) if return_view else target)
