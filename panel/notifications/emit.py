"""Events into the outbox in the transaction that caused them; the worker woken after commit.

After every flush the session hook asks :func:`panel.notifications.rules.events_of_flush`
which events the flush caused and inserts them into ``notification_event`` on the flush's own
connection: they commit or roll back with the change. Once the session commits, the new
events' ids are handed to the task queue (:mod:`panel.notifications.queue`). If that hand-over
fails or the process dies first, the periodic sweep finds the events all the same: the outbox
row, not the queue, is what counts.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import datetime

from sqlalchemy import event as sa_event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from panel.core import clock
from panel.notifications import rules
from panel.notifications.models import NotificationEvent
from panel.notifications.rules import Event

log = logging.getLogger(__name__)
PENDING = "notifications.pending"  # session.info: ids of the events of this transaction
_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """Write no events inside the block (loading demo history, measuring without the hook)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def record(
    session: Session,
    event: Event,
    *,
    at: datetime | None = None,
    attachment: bytes | None = None,
    attachment_name: str | None = None,
) -> int | None:
    """Insert ``event`` into the outbox unless its ``dedupe_key`` is there already; return
    the new row's id (None for a repeat). Runs on the session's connection and transaction."""
    table = NotificationEvent.__table__
    connection = session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    payload = _payload(event)
    statement = (
        dialect.insert(table)
        .values(
            kind=event.kind,
            dedupe_key=event.dedupe_key,
            occurred_at=at or clock.now(),
            complaint_id=event.complaint_id,
            subject_id=event.subject_id,
            payload=payload,
            attachment=attachment,
            attachment_name=attachment_name,
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(table.c.id)
    )
    new_id = connection.execute(statement).scalar()
    if new_id is not None:
        session.info.setdefault(PENDING, []).append(new_id)
    return new_id


def record_many(session: Session, events: list[Event]) -> list[int]:
    """Insert several events in one statement (the flush hook's); return the new ids."""
    if not events:
        return []
    table = NotificationEvent.__table__
    connection = session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    now = clock.now()
    rows = [
        {
            "kind": event.kind,
            "dedupe_key": event.dedupe_key,
            "occurred_at": now,
            "complaint_id": event.complaint_id,
            "subject_id": event.subject_id,
            "payload": _payload(event),
        }
        for event in events
    ]
    statement = (
        dialect.insert(table)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(table.c.id)
    )
    ids = list(connection.execute(statement).scalars())
    session.info.setdefault(PENDING, []).extend(ids)
    return ids


def _payload(event: Event) -> str | None:
    return json.dumps(event.payload, ensure_ascii=False, default=str) if event.payload else None


def after_flush(session: Session, _context) -> None:
    if _muted.get():
        return
    record_many(session, rules.events_of_flush(session))


def after_commit(session: Session) -> None:
    ids = session.info.pop(PENDING, None)
    if ids:
        wake(ids)


def after_soft_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction is gone, its events too
        session.info.pop(PENDING, None)


def wake(event_ids: list[int]) -> None:
    """Queue the fan-out of committed events; a failure only delays them until the sweep."""
    from panel.notifications import queue

    try:
        queue.enqueue_fan_out(event_ids)
    except Exception:  # the request has committed: never fail it for the queue
        log.warning("could not queue notification events %s; the sweep will", event_ids[:5])


def before_flush(session: Session, _context, _instances) -> None:
    rules.check_routes(session)


def install() -> None:
    """Attach the hooks to every SQLAlchemy session (idempotent)."""
    for name, function in (
        ("before_flush", before_flush),
        ("after_flush", after_flush),
        ("after_commit", after_commit),
        ("after_soft_rollback", after_soft_rollback),
    ):
        if not sa_event.contains(Session, name, function):
            sa_event.listen(Session, name, function)
