"""From an outbox event to its deliveries: render the message once, write one delivery per
recipient and channel (the bell's at once delivered), in one transaction.

Running it twice for the same event is harmless: an event already routed is left alone, and
the unique ``(event, channel, recipient)`` key drops deliveries a concurrent run wrote first.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, scoped_session

from panel.core import clock
from panel.notifications import context, customers, routing, texts
from panel.notifications.config import configured_channels
from panel.notifications.enums import Channel, DeliveryStatus
from panel.notifications.models import NotificationDelivery, NotificationEvent

log = logging.getLogger(__name__)
LOCALE = "zh_Hans_CN"  # staff messages are written in Chinese, whoever runs the worker


def begin_write(session: Session) -> None:
    """Start a transaction that will write (SQLite: take the write lock at once, so that a
    read-then-write transaction never deadlocks with another worker). A transaction already
    open, or a session bound to a connection (the test suite's), is used as it is."""
    own = session() if isinstance(session, scoped_session) else session
    if own.in_transaction() or isinstance(own.get_bind(), Connection):
        return
    session.connection(execution_options={"sqlite_immediate": True})


def unrouted(session: Session, limit: int = 200) -> list[int]:
    """Events nobody has fanned out yet, oldest first (the sweep's safety net)."""
    ids = list(
        session.scalars(
            select(NotificationEvent.id)
            .where(NotificationEvent.fanned_out_at.is_(None))
            .order_by(NotificationEvent.id)
            .limit(limit)
        )
    )
    session.rollback()  # end the read: each fan-out writes in a transaction of its own
    return ids


def fan_out(
    session: Session, event_ids: list[int] | int, config, now: datetime | None = None
) -> list[int]:
    """Route the events not routed yet among ``event_ids`` in one transaction and commit;
    return the ids of the deliveries to send."""
    ids = [event_ids] if isinstance(event_ids, int) else list(event_ids)
    now = now or clock.now()
    begin_write(session)
    pending = (
        select(NotificationEvent)
        .where(NotificationEvent.id.in_(ids), NotificationEvent.fanned_out_at.is_(None))
        .order_by(NotificationEvent.id)
    )
    if session.connection().dialect.name == "postgresql":
        pending = pending.with_for_update(skip_locked=True)  # another worker routes those
    channels = configured_channels(config)
    rows, routed = [], []
    try:
        with force_locale(LOCALE):
            for event in session.scalars(pending).all():
                routed.append(_route(session, event, channels, now, rows))
        to_send = _insert(session, rows)
        _mark_routed(session, routed)
        session.commit()
    finally:
        session.info.pop(routing.ROUTES_MEMO, None)
    return to_send


def _route(
    session: Session, event: NotificationEvent, channels, now: datetime, rows: list[dict]
) -> dict:
    """Add the event's deliveries to ``rows``; return the event's rendered message."""
    done = {"b_id": event.id, "b_at": now}
    try:
        rendered = texts.render(event.kind.text_kind, context.build(session, event, now))
    except (ValueError, LookupError) as exc:  # a row it names is gone: route it nowhere
        log.warning("notification event %s cannot be written: %s", event.id, exc)
        title = _("Message could not be written")
        return {**done, "b_title": title, "b_text": str(exc), "b_markdown": None, "b_short": None}
    missing = _("No e-mail address or mobile number is recorded for this recipient.")
    customer_at = customers.send_time(session, now)  # a text to a customer waits out the night
    for recipient in routing.recipients(session, event, channels):
        channel = recipient.channel
        no_address = channel in (Channel.EMAIL, Channel.SMS) and not recipient.address
        if channel is Channel.PANEL:
            status = DeliveryStatus.DELIVERED
        else:
            status = DeliveryStatus.FAILED if no_address else DeliveryStatus.PENDING
        rows.append(
            {
                "event_id": event.id,
                "channel": channel,
                "user_id": recipient.user_id,
                "recipient_key": recipient.key,
                "address": recipient.address,
                "idempotency_key": uuid.uuid4().hex,
                "status": status,
                "attempts": 0,
                "next_attempt_at": customer_at if customers.is_complainant(recipient.key) else now,
                "created_at": now,
                "delivered_at": now if channel is Channel.PANEL else None,
                "last_error": missing if no_address else None,
            }
        )
    return {
        **done,
        "b_title": rendered.title,
        "b_text": rendered.text,
        "b_markdown": rendered.markdown,
        "b_short": rendered.short_text[:400],
    }


def _insert(session: Session, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    table = NotificationDelivery.__table__
    connection = session.connection()
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=["event_id", "channel", "recipient_key"])
        .returning(table.c.id, table.c.status)
    )
    inserted = []
    for start in range(0, len(rows), 500):  # SQLite takes at most 32,766 values
        inserted += connection.execute(statement.values(rows[start : start + 500])).all()
    return sorted(row.id for row in inserted if row.status is DeliveryStatus.PENDING)


def _mark_routed(session: Session, routed: list[dict]) -> None:
    if not routed:
        return
    table = NotificationEvent.__table__
    session.connection().execute(
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.fanned_out_at.is_(None))
        .values(
            fanned_out_at=bindparam("b_at", type_=table.c.fanned_out_at.type),
            title=bindparam("b_title"),
            text=bindparam("b_text"),
            markdown=bindparam("b_markdown"),
            short_text=bindparam("b_short"),
        ),
        routed,
    )
