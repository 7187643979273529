"""Security events in the audit trail: failed logins, lockouts and refused requests (403).

They are written in a transaction of their own, so that they outlast the refused request's
rollback and never commit anything that request left behind.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from flask import Flask, Response, has_request_context, request
from flask_login import current_user
from sqlalchemy import Connection, insert
from sqlalchemy.exc import SQLAlchemyError

from panel.core import clock
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db

log = logging.getLogger(__name__)

LOGIN_FAILED = "login_failed"
LOCKED = "locked"
FORBIDDEN = "forbidden"


@contextlib.contextmanager
def own_transaction() -> Iterator[Connection]:
    """A connection whose writes commit on their own, whatever the request's session does.

    When the session is bound to a connection already inside a transaction (the test suite
    runs each test in one), the work joins it through a savepoint instead.
    """
    bind = db.session.get_bind()
    if isinstance(bind, Connection):
        with bind.begin_nested():
            yield bind
    else:
        with bind.connect() as connection:
            connection.execution_options(sqlite_immediate=True)  # see panel.core.database
            with connection.begin():
                yield connection


def record_event(
    connection: Connection,
    action: str,
    table_name: str,
    row_id: str = "",
    changes: dict | None = None,
    actor: tuple[int, str] | None = None,
) -> None:
    """Append one security event to the audit trail (``changes`` maps a name to its value;
    ``actor`` is the acting user's id and login name)."""
    connection.execute(
        insert(AuditEntry),
        [
            {
                "at": clock.now(),
                "actor_id": actor[0] if actor is not None else None,
                "actor_name": actor[1] if actor is not None else None,
                "action": action,
                "table_name": table_name[:40],
                "row_id": str(row_id)[:40],
                "complaint_id": None,
                "changes": {key: [None, value] for key, value in (changes or {}).items()},
            }
        ],
    )


def client_address() -> str:
    """The client's address (``ProxyFix`` puts the real one here behind a trusted proxy)."""
    return (request.remote_addr or "unknown")[:45] if has_request_context() else "cli"


def _row_of_request() -> str:
    """The id the refused request aimed at: a URL part (``/complaint/7``) or ``?id=7``."""
    values = list((request.view_args or {}).values())
    return str(values[0] if values else request.args.get("id", ""))


def _record_forbidden(response: Response) -> Response:
    if response.status_code != 403:
        return response
    user = current_user if current_user.is_authenticated else None
    actor = (user.id, user.username) if user is not None else None
    changes = {
        "method": request.method,
        "path": request.full_path.rstrip("?")[:300],
        "role": user.role.value if user is not None else None,
        "ip": client_address(),
    }
    if not isinstance(db.session.get_bind(), Connection):
        # A refused request saves nothing; ending its transaction also frees SQLite's lock.
        # (In the test suite the session joins the test's transaction, which the test owns.)
        db.session.rollback()
    try:
        with own_transaction() as connection:
            record_event(
                connection,
                FORBIDDEN,
                request.endpoint or "unknown",
                row_id=_row_of_request(),
                changes=changes,
                actor=actor,
            )
    except SQLAlchemyError:  # the refusal stands even when it cannot be written down
        log.exception("could not record a refused request in the audit trail")
    return response


def init_app(app: Flask) -> None:
    """Write every 403 answer into the audit trail."""
    app.after_request(_record_forbidden)
