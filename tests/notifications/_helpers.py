"""Small look-ups for the notification tests (copied, not imported, from the suite's helpers)."""

from __future__ import annotations

from sqlalchemy import select

from panel.core.extensions import db
from panel.notifications.enums import Channel, EventKind
from panel.notifications.models import NotificationDelivery, NotificationEvent
from panel.organisation.models.department import Department
from panel.organisation.models.user import Role, User


def user_of(role: Role) -> User:
    return db.session.scalar(select(User).filter_by(role=role).order_by(User.id))


def department(code: str) -> Department:
    return db.session.scalar(select(Department).filter_by(code=code))


def events(kind: EventKind | None = None) -> list[NotificationEvent]:
    query = select(NotificationEvent).order_by(NotificationEvent.id)
    if kind is not None:
        query = query.filter_by(kind=kind)
    return list(db.session.scalars(query))


def bell_of(user: User) -> list[str]:
    """The titles in ``user``'s in-panel notifications, oldest first."""
    return list(
        db.session.scalars(
            select(NotificationEvent.title)
            .join(NotificationDelivery, NotificationDelivery.event_id == NotificationEvent.id)
            .where(
                NotificationDelivery.user_id == user.id,
                NotificationDelivery.channel == Channel.PANEL,
            )
            .order_by(NotificationDelivery.id)
        )
    )


def told(role: Role, kind: EventKind) -> bool:
    """Whether the demo user of ``role`` has an in-panel notification of ``kind``."""
    return any(
        delivery.event.kind is kind
        for delivery in db.session.scalars(
            select(NotificationDelivery).filter_by(user_id=user_of(role).id, channel=Channel.PANEL)
        )
    )
