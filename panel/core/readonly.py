"""A request that only read ends its transaction with COMMIT (PostgreSQL).

psycopg prepares a statement on a connection once it has run it a few times, and PostgreSQL
then plans it once instead of on every run — but psycopg forgets its prepared statements
whenever a transaction is rolled back, and every request that wrote nothing used to end with
a rollback (the session is closed at the end of the request). So the statements each page
runs (the logged-in user, the complaint list's page of ids and its rows) were planned anew
on every request; planning the list's rows with their department and handler costs about as
much as reading them.

Here a request whose transaction ran nothing but ``SELECT`` statements and has nothing
pending commits it instead: for such a transaction the same as a rollback, and the prepared
statements stay with the pooled connection. A transaction that wrote anything (or ran any
other statement, a ``SAVEPOINT`` included), or one in error, or a request that failed, ends
with the usual rollback.
"""

from __future__ import annotations

import logging
import re

from flask import Flask
from psycopg.pq import TransactionStatus
from sqlalchemy import event

from panel.core.extensions import db

log = logging.getLogger(__name__)
WROTE = "panel_transaction_wrote"  # in the connection's info, reset when a transaction begins
_READ_ONLY = re.compile(r"\s*SELECT\b", re.IGNORECASE)


def _began(connection) -> None:
    connection.info[WROTE] = False


def _statement(connection, _cursor, statement, _parameters, _context, _executemany) -> None:
    if not _READ_ONLY.match(statement):
        connection.info[WROTE] = True


def _only_read(session) -> bool:
    """Whether the session's open transaction read and did nothing else."""
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    connection = session.connection()
    if connection.invalidated or connection.info.get(WROTE, True):
        return False
    driver = connection.connection.driver_connection
    return driver.info.transaction_status == TransactionStatus.INTRANS


def end_read_only_transaction(error: BaseException | None = None) -> None:
    """Commit the request's transaction if it only read (``teardown_request``)."""
    if error is not None or not db.session.registry.has():
        return
    session = db.session()
    expire = session.expire_on_commit
    try:
        if _only_read(session):
            session.expire_on_commit = False  # nothing reads the rows after the answer
            session.commit()
    except Exception:  # the answer is out; the session's usual end (a rollback) follows
        log.exception("could not end a read-only transaction with COMMIT")
    finally:
        session.expire_on_commit = expire


def init_app(app: Flask) -> None:
    """Track statements on PostgreSQL connections and end read-only requests with COMMIT."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.driver != "psycopg":
        return
    event.listen(engine, "begin", _began)
    event.listen(engine, "before_cursor_execute", _statement)
    app.teardown_request(end_read_only_transaction)
