"""A lost database connection (server restarted, connection killed, network cut) mid-request.

The user gets a clean page in their language with status 503 — "数据库连接中断，请重试" —
instead of a traceback, the session is rolled back and discarded, and the pool drops the dead
connection (``pool_pre_ping`` checks the others), so the next request works.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, PendingRollbackError

from panel.core.extensions import db

log = logging.getLogger(__name__)


def is_connection_lost(exc: BaseException) -> bool:
    """Whether ``exc`` says the database connection went away (not a bad statement)."""
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated) or _says_disconnect(exc)
    return isinstance(exc, PendingRollbackError) and "invalid" in str(exc).lower()


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
    return render_template("fastlist/connection_lost.html", message=connection_lost_message()), 503


def init_app(app: Flask) -> None:
    app.register_error_handler(DBAPIError, _handle)
    app.register_error_handler(PendingRollbackError, _handle)
