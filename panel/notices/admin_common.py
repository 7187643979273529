"""Role checks and form helpers shared by the notice pages."""

from __future__ import annotations

from flask import abort, flash, request
from flask_admin.form import SecureForm
from flask_login import current_user

from panel.organisation.models.user import Role


def require_role(roles: frozenset[Role]) -> None:
    if current_user.role not in roles:
        abort(403)


def csrf_ok() -> bool:
    """Check the CSRF token of a plain POST form (Flask-Admin's SecureForm token)."""
    form = SecureForm(request.form)
    if form.validate():
        return True
    flash(_csrf_message(), "error")
    return False


def csrf_token() -> str:
    return SecureForm().csrf_token.current_token


def _csrf_message() -> str:
    from flask_babel import gettext as _

    return _("The form has expired; reload the page and try again.")
