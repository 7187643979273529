"""The bell: a user's in-panel notifications, their unread count, opening and marking read;
and the administrator's retry of failed deliveries."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from panel.core import clock
from panel.notifications import routing
from panel.notifications.context import target
from panel.notifications.enums import Channel, DeliveryStatus
from panel.notifications.models import NotificationDelivery, NotificationEvent
from panel.organisation.models.user import User

log = logging.getLogger(__name__)
D = NotificationDelivery
PAGE = 100


@dataclass(frozen=True)
class Item:
    id: int
    title: str
    text: str
    at: datetime
    read: bool
    kind: object


def _mine(user: User):
    return (D.user_id == user.id) & (D.channel == Channel.PANEL)


def unread_count(session: Session, user: User) -> int:
    """How many of the user's in-panel notifications are unread (one index range)."""
    return session.scalar(select(func.count(D.id)).where(_mine(user), D.read_at.is_(None))) or 0


def items(session: Session, user: User) -> list[Item]:
    """The user's latest in-panel notifications, newest first."""
    rows = session.execute(
        select(D.id, D.created_at, D.read_at, NotificationEvent.title, NotificationEvent.text)
        .add_columns(NotificationEvent.kind)
        .join(NotificationEvent, NotificationEvent.id == D.event_id)
        .where(_mine(user))
        .order_by(D.id.desc())
        .limit(PAGE)
    ).all()
    return [
        Item(r.id, r.title or "", r.text or "", r.created_at, r.read_at is not None, r.kind)
        for r in rows
    ]


def open_item(session: Session, user: User, delivery_id: int) -> str | None:
    """Mark one of the user's notifications read; return the page it points to."""
    delivery = session.get(D, delivery_id)
    if delivery is None or delivery.user_id != user.id or delivery.channel is not Channel.PANEL:
        return None
    session.execute(
        update(D).where(D.id == delivery_id, D.read_at.is_(None)).values(read_at=clock.now())
    )
    found = target(delivery.event)
    return url_for(found[0], **found[1]) if found else None


def mark_all_read(session: Session, user: User) -> int:
    """Mark every unread notification of the user read; return how many."""
    result = session.execute(
        update(D).where(_mine(user), D.read_at.is_(None)).values(read_at=clock.now())
    )
    return result.rowcount


def retry_failed(session: Session, delivery_ids: list[int]) -> list[int]:
    """Queue failed deliveries again (attempts start afresh); an e-mail or SMS that failed for
    want of an address looks the address up again. Returns the ids queued."""
    now = clock.now()
    rows = session.scalars(
        select(D).where(D.id.in_(delivery_ids), D.status == DeliveryStatus.FAILED)
    ).all()
    queued = []
    for row in rows:
        values = {"status": DeliveryStatus.PENDING, "next_attempt_at": now, "attempts": 0}
        if not row.address and row.user is not None and not row.channel.is_group:
            values["address"] = routing.address(session, row.channel, row.user)
        session.execute(update(D).where(D.id == row.id).values(**values))
        queued.append(row.id)
    return queued


def wake_deliveries(delivery_ids: list[int]) -> None:
    """Ask the worker to send these (committed) deliveries now; the sweep would anyway."""
    from panel.notifications import queue

    if not delivery_ids:
        return
    try:
        queue.enqueue_delivery(delivery_ids)
    except Exception:
        log.warning("could not queue deliveries %s; the sweep will", delivery_ids[:5])
