"""System accounts: the named users behind what customers and source systems do.

Every change needs a named acting user (``panel.core.flush``). A complaint filed on the public
form, a survey answer sent from a customer's phone and a work order posted by 12345 have no
login behind them, so they act as a system account: a user of :data:`SYSTEM_ACCOUNT_ROLE`
(the clerk's rights: register, record a callback), inactive so that nobody can log in with it,
with a random password nobody knows. The audit trail and the timeline show its name.
"""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from panel.access.roles import SYSTEM_ACCOUNT_ROLE
from panel.organisation.models.user import User

# key -> login name (shown as the actor's name; Chinese, as users read it)
PORTAL = "客户自助服务"  # the public complaint form and the satisfaction survey
INTAKE = "工单接口"  # work orders from the API, uploaded lists and the import command
SYSTEM_ACCOUNTS = {PORTAL: _l("Customer self-service"), INTAKE: _l("Work-order intake")}


def system_user(session: Session, username: str) -> User:
    """The system account ``username``, made on first use (inactive, unknown password)."""
    if username not in SYSTEM_ACCOUNTS:
        raise KeyError(username)
    user = session.scalar(select(User).filter_by(username=username))
    if user is not None:
        return user
    user = User(
        username=username,
        role=SYSTEM_ACCOUNT_ROLE,
        active=False,
        password_hash=generate_password_hash(secrets.token_urlsafe(32), method="pbkdf2:sha256"),
    )
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError:  # another worker made it at the same moment
        user = session.scalar(select(User).filter_by(username=username))
    return user


def is_system_account(user: User | None) -> bool:
    return user is not None and user.username in SYSTEM_ACCOUNTS
