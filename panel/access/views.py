"""Who may open a page: one role check for model views and plain admin pages alike."""

from __future__ import annotations

from flask import abort, has_request_context, redirect, request, url_for
from flask_admin import BaseView
from flask_login import current_user

from panel.organisation.models.user import Role


class RoleGate:
    """Open to ``view_roles``; anonymous visitors go to the login page, other roles get 403.

    Checked per request on the current user, never by changing the shared view object.
    """

    view_roles: frozenset[Role] = frozenset()

    def _role_in(self, roles: frozenset[Role]) -> bool:
        if not has_request_context():
            return False
        user = current_user._get_current_object()  # checked on every menu entry: look it up once
        return user.is_authenticated and user.role in roles

    def is_accessible(self) -> bool:
        return self._role_in(self.view_roles)

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)


class RoleView(RoleGate, BaseView):
    """A page of the panel that is not a model list (dashboards, ledgers, notice pages)."""
