"""A lost database connection (server restarted, connection killed, network cut) mid-request,
or no connection to be had at all (the server shutting down, starting up or stopped).

The user gets a clean page in their language with status 503 — "数据库连接中断，请重试" —
instead of a traceback; a form that was being sent comes back on that page with what the user
entered, ready to be sent again. The session is rolled back and discarded, and the pool drops
the dead connection (``pool_pre_ping`` checks the others), so the next request works as soon
as the database is back: nothing needs restarting.
"""

from __future__ import annotations

import logging

from flask import Flask, request, session
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, OperationalError, PendingRollbackError

from panel.core.extensions import db

log = logging.getLogger(__name__)


# SQLSTATEs of a connection that failed or was ended by the server: class 08 (connection
# exception), admin_shutdown, crash_shutdown, cannot_connect_now ("starting up").
_GONE = ("57P01", "57P02", "57P03")


def is_connection_lost(exc: BaseException) -> bool:
    """Whether ``exc`` says the database connection went away, or that none could be made
    (not a bad statement)."""
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated) or _says_disconnect(exc) or _no_connection(exc)
    return isinstance(exc, PendingRollbackError) and "invalid" in str(exc).lower()


def _no_connection(exc: DBAPIError) -> bool:
    """A connection could not be made ("connection refused", "the database system is shutting
    down"): SQLAlchemy raises that as an ``OperationalError`` without a statement, and neither
    marks it invalidated nor calls it a disconnect; ``pool_pre_ping`` cannot help there."""
    if not isinstance(exc, OperationalError):
        return False
    if exc.statement is None:
        return True
    state = getattr(exc.orig, "sqlstate", None) or ""
    return state.startswith("08") or state in _GONE


def _says_disconnect(exc: DBAPIError) -> bool:
    try:
        return db.engine.dialect.is_disconnect(exc.orig, None, None)
    except Exception:  # a dialect that cannot tell
        return False


def discard_session() -> None:
    """Roll back and drop the request's session; the dead connection leaves the pool."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; dropping the session is all that is left
        log.debug("rollback after a lost connection failed", exc_info=True)
    db.session.remove()


def connection_lost_message() -> str:
    return _("The database connection was interrupted; please try again.")


def _handle(exc: Exception):
    if not is_connection_lost(exc):
        raise exc
    log.warning("database connection lost during a request: %s", exc.__class__.__name__)
    discard_session()
    from panel.admin.errors import render_error

    message = connection_lost_message()
    _unflash(message)  # a form that could not come back flashed it: this page says it
    hint = _(
        "What you saved before is unaffected; the last step did not complete. Go back and "
        "repeat it, or reload the page."
    )
    return render_error(503, message, hint, resubmit=_posted_input())


def _unflash(message: str) -> None:
    flashes = session.get("_flashes")
    if flashes:
        session["_flashes"] = [f for f in flashes if f[1] != message]


def _posted_input() -> list[tuple[str, str]] | None:
    """What a form sent (never a password), to be sent again from the page; None for a GET."""
    if request.method != "POST":
        return None
    try:
        fields = list(request.form.items(multi=True))
    except Exception:  # the body cannot be read again
        return None
    return [(name, value) for name, value in fields if "password" not in name.lower()]


def init_app(app: Flask) -> None:
    app.register_error_handler(DBAPIError, _handle)
    app.register_error_handler(PendingRollbackError, _handle)
