"""Checking a login: throttled, audited, and as slow for an unknown name as for a known one.

The attempt, the lock check, the account lookup and the outcome all go through connections of
their own (:func:`panel.security.journal.own_transaction`); the request's session loads the
user only at the end, so that it never holds a snapshot older than these writes (SQLite).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import User
from panel.security import journal, throttle
from panel.security.models import LoginOutcome

_DUMMY_HASHES: dict[str, str] = {}


@dataclass(frozen=True)
class LoginResult:
    """The user to log in, or the message telling why not."""

    user: User | None = None
    message: str | None = None


def _check_password(password_hash: str | None, password: str) -> bool:
    """Check the password; against a throwaway hash for an unknown name, so that it takes as
    long as for a known one."""
    if password_hash is None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        if method not in _DUMMY_HASHES:
            _DUMMY_HASHES[method] = generate_password_hash("not a password", method=method)
        check_password_hash(_DUMMY_HASHES[method], password)
        return False
    return check_password_hash(password_hash, password)


def _format_time(until: datetime, now: datetime) -> str:
    return until.strftime("%H:%M" if until.date() == now.date() else "%Y-%m-%d %H:%M")


def locked_message(until: datetime, now: datetime) -> str:
    return _("Too many failed logins; try again after %(time)s.", time=_format_time(until, now))


def check_login(username: str, password: str) -> LoginResult:
    """Decide a login attempt; every attempt is counted and every failure audited."""
    username = username.strip()
    key = username[:40]
    ip = journal.client_address()
    now = clock.now()
    # Decided and written (and committed) before the password is checked, one attempt on the
    # same login name or address at a time: parallel tries count at once.
    with journal.own_transaction() as connection:
        throttle.serialize(connection, key, ip)
        with Session(bind=connection) as settings_session:
            policy = throttle.Policy.load(settings_session)
        lock = throttle.locked_until(connection, key, ip, policy, now)
        if lock is not None:
            throttle.record_attempt(connection, key, ip, now, LoginOutcome.BLOCKED)
            journal.record_event(
                connection,
                journal.LOGIN_FAILED,
                "user_account",
                changes={"username": key, "ip": ip, "reason": f"locked ({lock[0]})"},
            )
            return LoginResult(message=locked_message(lock[1], now))
        attempt_id = throttle.record_attempt(connection, key, ip, now)
        account = connection.execute(
            select(User.id, User.password_hash, User.active).where(User.username == username)
        ).first()

    password_ok = _check_password(account.password_hash if account else None, password)
    if account is None:
        reason, message = "unknown login name", _("Wrong login name or password.")
    elif not password_ok:
        reason, message = "wrong password", _("Wrong login name or password.")
    elif not account.active:
        reason, message = "account disabled", _("This account is disabled; ask an administrator.")
    else:
        with journal.own_transaction() as connection:
            throttle.set_outcome(connection, attempt_id, LoginOutcome.OK)
        return LoginResult(user=db.session.get(User, account.id))

    row_id = str(account.id) if account is not None else ""
    with journal.own_transaction() as connection:
        journal.record_event(
            connection,
            journal.LOGIN_FAILED,
            "user_account",
            row_id,
            {"username": key, "ip": ip, "reason": reason},
        )
        lock = throttle.locked_until(connection, key, ip, policy, now)
        if lock is not None:
            scope, until = lock
            journal.record_event(
                connection,
                journal.LOCKED,
                "user_account",
                row_id,
                {"username": key, "ip": ip, "scope": scope, "until": until.isoformat(sep=" ")},
            )
            return LoginResult(message=locked_message(until, now))
    return LoginResult(message=message)
