"""Login and logout (Flask-Login, hashed passwords)."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_admin.form import SecureForm
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import InputRequired, ValidationError

from panel.core import clock
from panel.core.extensions import db, login_manager
from panel.core.validation import CONTROL_CHARACTERS
from panel.organisation.models.user import User
from panel.security import sessions
from panel.security.login import check_login

bp = Blueprint("auth", __name__)


def _plain_text(_form, field) -> None:
    """A login name with control characters (a NUL byte, say) is no login name: refused before
    it reaches the database, which could not even store it in the attempts table."""
    if field.data and CONTROL_CHARACTERS.search(field.data):
        raise ValidationError(_("The login name holds characters that are not allowed."))


class LoginForm(SecureForm):
    username = StringField(
        _l("Login name"),
        [InputRequired(message=_l("Login name is required.")), _plain_text],
    )
    password = PasswordField(_l("Password"), [InputRequired(message=_l("Password is required."))])
    remember = BooleanField(_l("Remember me"))


@functools.cache
def _user_with_staff():
    """The active user by id and session generation, with the staff record: run on every
    request, so built once."""
    return (
        select(User)
        .options(joinedload(User.staff))
        .where(
            User.id == bindparam("user_id"),
            User.session_generation == bindparam("generation"),
            User.active.is_(True),
        )
    )


@login_manager.user_loader
def load_user(alternative_id: str) -> User | None:
    # The cookie names the user and the session generation (panel.security.sessions): a
    # session ended by a logout, a password change, a deactivation or a role change loads
    # nobody. The staff record comes along: every page shows the user's name (and scoping
    # reads the department), which would otherwise cost a second query.
    parsed = sessions.parse_alternative_id(alternative_id)
    if parsed is None:
        return None
    user_id, generation = parsed
    found = {"user_id": user_id, "generation": generation}
    return db.session.scalars(_user_with_staff(), found).first()


def logged_in_user() -> User | None:
    """The user of the current request, if one is logged in (the rules' acting user)."""
    if has_request_context() and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def _safe_next(target: str | None) -> str:
    """Only follow a ``next`` that stays on this site."""
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("admin.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm(request.form)
    if request.method == "POST" and form.validate():
        # Throttled and audited (panel.security.login): failures count, lockouts hold.
        result = check_login(form.username.data, form.password.data)
        if result.user is None:
            flash(result.message, "error")
        else:
            user = result.user
            login_user(user, remember=form.remember.data)
            session.permanent = True  # the cookie ends after PERMANENT_SESSION_LIFETIME idle
            user.last_login_at = clock.now()
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    status = 401 if request.method == "POST" else 200
    if form.username.errors and form.username.data:  # a malformed name, not a wrong one
        status = 400
        form.username.data = CONTROL_CHARACTERS.sub("", form.username.data)
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    form = SecureForm(request.form)
    if form.validate():
        if current_user.is_authenticated:  # every session of the user ends, not just this one
            sessions.end_sessions(current_user._get_current_object())
            db.session.commit()
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to use the panel.")
    login_manager.login_message_category = "info"
    app.register_blueprint(bp)

    @app.context_processor
    def _logout_token():
        return {"logout_csrf_token": lambda: SecureForm().csrf_token.current_token}
