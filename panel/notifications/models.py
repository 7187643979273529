"""The notification tables: the outbox of events, their deliveries and every attempt, the
routing table and the staff's addresses.

``notification_event`` is the outbox: a row is written by the session hook
(:mod:`panel.notifications.emit`) in the same transaction as the change that caused it, with a
``dedupe_key`` that makes a second write of the same event a no-op. The worker fans an event out
into one ``notification_delivery`` per channel and recipient (the routing table decides who), and
records each try in ``notification_attempt``. Events, deliveries and attempts are written with
Core statements only, so that the audit trail keeps the business change and not its mail; the
routing table and the addresses are edited in the panel and audited like any other table.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship, validates

from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.models import TimestampMixin, enum_column, field_label, label
from panel.core.validation import normalise_phone
from panel.notifications.enums import Channel, DeliveryStatus, EventKind, Relation
from panel.organisation.models.user import Role

if TYPE_CHECKING:
    from panel.complaints.models import Complaint
    from panel.organisation.models.user import User

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class NotificationEvent(db.Model):
    """One thing that happened and must be told (the outbox row)."""

    __tablename__ = "notification_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(
        enum_column(EventKind, "notification_event_kind"), info=label("Event")
    )
    dedupe_key: Mapped[str] = mapped_column(String(120), unique=True, info=label("Event key"))
    occurred_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Occurred at"))
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Complaint")
    )
    # The remedy, penalty or the like the event is about (what ``kind`` says).
    subject_id: Mapped[int | None] = mapped_column(info=label("Subject"))
    payload: Mapped[str | None] = mapped_column(Text, info=label("Details"))
    attachment_name: Mapped[str | None] = mapped_column(String(120), info=label("Attachment"))
    attachment: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    fanned_out_at: Mapped[datetime | None] = mapped_column(index=True, info=label("Routed at"))
    # The rendered message (texts.py), written when the event is fanned out.
    title: Mapped[str | None] = mapped_column(String(200), info=label("Title"))
    text: Mapped[str | None] = mapped_column(Text, info=label("Message"))
    markdown: Mapped[str | None] = mapped_column(Text, info=label("Markdown"))
    short_text: Mapped[str | None] = mapped_column(String(400), info=label("Short text"))

    complaint: Mapped[Complaint | None] = relationship()

    def __str__(self) -> str:
        return self.title or str(self.kind.label)

    def __repr__(self) -> str:
        return f"<NotificationEvent {self.id} {self.kind.value} {self.dedupe_key}>"


class NotificationDelivery(db.Model):
    """One message to one recipient through one channel; ``idempotency_key`` stays the same
    across retries, so a receiver can drop a repeat after a crash."""

    __tablename__ = "notification_delivery"
    __table_args__ = (
        UniqueConstraint("event_id", "channel", "recipient_key", name="event_channel_recipient"),
        Index("ix_notification_delivery_status_next", "status", "next_attempt_at"),
        Index("ix_notification_delivery_inbox", "user_id", "channel", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("notification_event.id", ondelete="CASCADE"), index=True, info=label("Event")
    )
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel, "notification_channel"), info=label("Notification channel")
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Recipient")
    )
    recipient_key: Mapped[str] = mapped_column(String(40), info=label("Recipient key"))
    address: Mapped[str | None] = mapped_column(String(200), info=label("Address"))
    idempotency_key: Mapped[str] = mapped_column(
        String(64), unique=True, info=label("Idempotency key")
    )
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus, "notification_delivery_status"),
        default=DeliveryStatus.PENDING,
        info=label("Status"),
    )
    attempts: Mapped[int] = mapped_column(default=0, info=label("Attempts"))
    next_attempt_at: Mapped[datetime | None] = mapped_column(info=label("Next attempt"))
    lease_until: Mapped[datetime | None] = mapped_column(info=label("Claimed until"))
    last_error: Mapped[str | None] = mapped_column(String(500), info=label("Last error"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Created at"))
    delivered_at: Mapped[datetime | None] = mapped_column(info=label("Delivered at"))
    read_at: Mapped[datetime | None] = mapped_column(info=label("Read at"))

    event: Mapped[NotificationEvent] = relationship()
    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<NotificationDelivery {self.id} {self.channel.value} {self.status.value}>"


class NotificationAttempt(db.Model):
    """One try to deliver: when, how long, and the error if it failed."""

    __tablename__ = "notification_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("notification_delivery.id", ondelete="CASCADE"),
        index=True,
        info=label("Delivery"),
    )
    started_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Started at"))
    duration_ms: Mapped[int] = mapped_column(default=0, info=label("Duration (ms)"))
    ok: Mapped[bool] = mapped_column(info=label("Succeeded"))
    retryable: Mapped[bool | None] = mapped_column(info=label("Retryable"))
    error: Mapped[str | None] = mapped_column(String(500), info=label("Error"))
    worker: Mapped[str | None] = mapped_column(String(60), info=label("Worker"))

    delivery: Mapped[NotificationDelivery] = relationship()


class NotificationRoute(TimestampMixin, db.Model):
    """A line of the routing table: tell ``event`` through ``channel`` to a role, a person or
    a relation to the case (group robots need none of the three)."""

    __tablename__ = "notification_route"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN role IS NULL THEN 0 ELSE 1 END) + (CASE WHEN user_id IS NULL THEN 0 ELSE 1 "
            "END) + (CASE WHEN relation IS NULL THEN 0 ELSE 1 END) <= 1",
            name="one_audience",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[EventKind] = mapped_column(
        enum_column(EventKind, "notification_route_event"), index=True, info=label("Event")
    )
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel, "notification_route_channel"), info=label("Notification channel")
    )
    role: Mapped[Role | None] = mapped_column(
        enum_column(Role, "notification_route_role"), info=label("Role")
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), info=label("Person")
    )
    relation: Mapped[Relation | None] = mapped_column(
        enum_column(Relation, "notification_route_relation"), info=label("Relation to the case")
    )
    active: Mapped[bool] = mapped_column(default=True, info=label("Active"))

    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        audience = self.role or self.relation or self.user_id or "group"
        return f"<NotificationRoute {self.event.value} {self.channel.value} {audience}>"


class NotificationAddress(TimestampMixin, db.Model):
    """Where a user gets e-mail and SMS (the mobile defaults to their staff record's phone)."""

    __tablename__ = "notification_address"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True, info=label("User")
    )
    email: Mapped[str | None] = mapped_column(String(120), info=label("E-mail address"))
    mobile: Mapped[str | None] = mapped_column(String(24), info=label("Mobile for SMS"))

    user: Mapped[User] = relationship()

    @validates("mobile")
    def _validate_mobile(self, key, value):
        return normalise_phone(field_label(NotificationAddress, key), value)

    @validates("email")
    def _validate_email(self, key, value):
        value = (value or "").strip() or None
        if value is not None and not _EMAIL.match(value):
            raise RuleError(
                _(
                    "%(field)s: “%(value)s” is not an e-mail address.",
                    field=field_label(NotificationAddress, key),
                    value=value,
                )
            )
        return value

    def __repr__(self) -> str:
        return f"<NotificationAddress user={self.user_id}>"
