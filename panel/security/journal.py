"""Security events in the audit trail: failed logins, lockouts and refused requests (403) —
the last bounded: repeats of a refusal are counted, not written again (``refusal_tally``).

They are written in a transaction of their own, so that they outlast the refused request's
rollback and never commit anything that request left behind.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from flask import Flask, Response, has_request_context, request
from flask_login import current_user
from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from panel.core import clock
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.security.models import RefusalTally

log = logging.getLogger(__name__)

LOGIN_FAILED = "login_failed"
LOCKED = "locked"
FORBIDDEN = "forbidden"
# Refused requests: the first of each page per user (or address) and minute is written into
# the audit trail, repeats are counted in ``refusal_tally``; at most this many pages per user
# and minute get an entry of their own, the rest are counted together under OTHER_PAGES.
PAGES_PER_MINUTE = 20
OTHER_PAGES = "*"


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


def _count_refusal(connection: Connection, who: str, path: str, now) -> bool:
    """Count a refusal of ``who`` on ``path`` in this minute; True when it is the first one
    (then it goes into the audit trail). Past :data:`PAGES_PER_MINUTE` pages in a minute,
    further pages are counted together under ``*``."""
    minute = now.replace(second=0, microsecond=0)
    here = (RefusalTally.minute == minute) & (RefusalTally.who == who)

    def bump(page: str) -> bool:
        counted = connection.execute(
            update(RefusalTally)
            .where(here, RefusalTally.path == page)
            .values(count=RefusalTally.count + 1, last_at=now)
        )
        return bool(counted.rowcount)

    if bump(path):
        return False
    pages = connection.scalar(select(func.count()).select_from(RefusalTally).where(here))
    if pages >= PAGES_PER_MINUTE:
        path = OTHER_PAGES
        if bump(path):
            return False
    values = {"minute": minute, "who": who, "path": path, "count": 1, "last_at": now}
    try:
        with connection.begin_nested():
            connection.execute(insert(RefusalTally), [values])
    except IntegrityError:  # another worker counted the same page this very moment
        bump(path)
        return False
    return True


def record_refusal(**details) -> None:
    """Write the refusal of the current request into the audit trail (``forbidden``): the
    first of its page per user and minute, repeats only counted. ``details`` (an action's name,
    the rows it named) join the page, the method, the role and the address."""
    user = current_user if current_user.is_authenticated else None
    actor = (user.id, user.username) if user is not None else None
    ip = client_address()
    changes = {
        "method": request.method,
        "path": request.full_path.rstrip("?")[:300],
        "role": user.role.value if user is not None else None,
        "ip": ip,
        **details,
    }
    if not isinstance(db.session.get_bind(), Connection):
        # A refused request saves nothing; ending its transaction also frees SQLite's lock.
        # (In the test suite the session joins the test's transaction, which the test owns.)
        db.session.rollback()
    who = f"user:{user.id}" if user is not None else f"ip:{ip}"
    try:
        with own_transaction() as connection:
            if _count_refusal(connection, who, request.path[:300], clock.now()):
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


def _record_forbidden(response: Response) -> Response:
    if response.status_code == 403:
        record_refusal()
    return response


def init_app(app: Flask) -> None:
    """Write every 403 answer into the audit trail."""
    app.after_request(_record_forbidden)
