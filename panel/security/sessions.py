"""Ending every session of a user: logout, a password change or reset, deactivation and a role
change.

Flask-Login keeps a user logged in by the id stored in the session cookie and in the "remember
me" cookie; both are signed, so they cannot be forged, but a copy stays valid for as long as the
id does. Here the id a cookie carries is the user's *alternative id* (Flask-Login's ``get_id``):
``"<user id>:<session generation>"``. The generation is a number on the account, raised on
logout and whenever the password, the role or the active flag changes (at flush time, so on
every write path: the admin's form, the command line, scripts); the user loader accepts only
the current generation, on every request. Every copy of an older cookie is then worth nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from panel.organisation.models.user import User

# A change of any of these ends every session of the account.
ENDS_SESSIONS = ("password_hash", "role", "active")


def parse_alternative_id(value: str) -> tuple[int, int] | None:
    """The user id and the generation a cookie names, or None for anything else (an id from
    before generations existed included: that session simply ends)."""
    user_id, colon, generation = str(value).partition(":")
    if not colon or not user_id.isascii() or not generation.isascii():
        return None
    if not (user_id.isdigit() and generation.isdigit()) or len(user_id) > 18:
        return None
    return int(user_id), int(generation)


def end_sessions(user: User) -> None:
    """Make every session and "remember me" cookie of ``user`` worthless (at the next flush)."""
    user.session_generation = (user.session_generation or 0) + 1


def end_sessions_on_account_changes(session: Session) -> None:
    """``before_flush``: a changed password, role or active flag ends the account's sessions."""
    for user in [o for o in session.dirty if isinstance(o, User)]:
        if get_history(user, "session_generation").has_changes():
            continue  # ended already (a logout)
        if any(get_history(user, key).has_changes() for key in ENDS_SESSIONS):
            end_sessions(user)
