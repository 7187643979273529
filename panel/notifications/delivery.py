"""Sending: claim due deliveries, send each through its channel, record every attempt.

A delivery is *claimed* by one atomic ``UPDATE`` (status ``sending``, a lease, one more
attempt) committed before anything is sent, so two workers never send the same row at once.
The outcome is recorded in a second transaction: delivered; waiting again with a backoff
(retryable errors, until ``NOTIFY_MAX_ATTEMPTS``); or failed, with the error the administrator
sees. A worker killed between the two leaves the row ``sending``: once the lease is over the
sweep claims it again and sends it with the same idempotency key, so the receiver can tell the
repeat (robots and the SMS gateway get an ``Idempotency-Key`` header, mail a stable
``Message-ID``).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from panel.core import clock
from panel.notifications.channels import deliver
from panel.notifications.config import channel_configs
from panel.notifications.enums import Channel, DeliveryStatus
from panel.notifications.fanout import begin_write
from panel.notifications.message import Attachment, DeliveryError, Message
from panel.notifications.models import NotificationAttempt, NotificationDelivery, NotificationEvent

D = NotificationDelivery.__table__
E = NotificationEvent.__table__
S = DeliveryStatus
MAX_BACKOFF = timedelta(hours=1)
_client: httpx.Client | None = None
_client_lock = threading.Lock()


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed delivery; ``retry_in`` is set when it waits for a retry."""

    delivery_id: int
    status: DeliveryStatus
    retry_in: timedelta | None = None


def worker_name() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{threading.get_ident() % 100000}"


def due_clause(now: datetime):
    """Deliveries to send now: waiting and due, or claimed by a worker whose lease ran out."""
    return and_(
        D.c.channel != Channel.PANEL,
        or_(
            and_(D.c.status == S.PENDING, D.c.next_attempt_at <= now),
            and_(D.c.status == S.SENDING, D.c.lease_until < now),
        ),
    )


def due_ids(session: Session, now: datetime, limit: int) -> list[int]:
    """Ids of the deliveries due now, oldest first (the transaction is ended)."""
    ids = list(
        session.connection().scalars(
            select(D.c.id).where(due_clause(now)).order_by(D.c.id).limit(limit)
        )
    )
    session.rollback()
    return ids


def claim(
    session: Session, config, now: datetime, delivery_ids: list[int] | None = None, limit: int = 10
) -> list[tuple[int, int]]:
    """Claim the deliveries ``delivery_ids`` that are due (or up to ``limit`` due ones) and
    commit; return ``(id, attempt number)`` pairs."""
    begin_write(session)
    chosen = select(D.c.id).where(due_clause(now)).order_by(D.c.id)
    if delivery_ids is not None:
        chosen = chosen.where(D.c.id.in_(delivery_ids))
    else:
        chosen = chosen.limit(limit)
    if session.connection().dialect.name == "postgresql":
        chosen = chosen.with_for_update(skip_locked=True)
    lease = timedelta(seconds=int(config["NOTIFY_LEASE_SECONDS"]))
    statement = (
        update(D)
        .where(D.c.id.in_(chosen.scalar_subquery()), due_clause(now))
        .values(status=S.SENDING, lease_until=now + lease, attempts=D.c.attempts + 1)
        .returning(D.c.id, D.c.attempts)
    )
    claimed = [(row.id, row.attempts) for row in session.connection().execute(statement)]
    session.commit()
    return sorted(claimed)


def messages_of(session: Session, delivery_ids: list[int]) -> dict[int, tuple]:
    """``id -> (message, channel, address)`` of claimed deliveries (one query, plus one per
    e-mail attachment); the transaction is ended before anything is sent."""
    rows = session.connection().execute(
        select(
            D.c.id,
            D.c.event_id,
            D.c.channel,
            D.c.address,
            D.c.idempotency_key,
            E.c.title,
            E.c.text,
            E.c.markdown,
            E.c.short_text,
            E.c.attachment_name,
        )
        .join(E, E.c.id == D.c.event_id)
        .where(D.c.id.in_(delivery_ids))
    )
    found = {}
    for row in rows:
        attachments = ()
        if row.channel is Channel.EMAIL and row.attachment_name:
            attachment = select(E.c.attachment).where(E.c.id == row.event_id)
            data = session.connection().scalar(attachment)
            attachments = (Attachment(row.attachment_name, bytes(data), "application/pdf"),)
        message = Message(
            title=row.title or "",
            markdown=row.markdown or "",
            text=row.text or "",
            idempotency_key=row.idempotency_key,
            attachments=attachments,
            short_text=row.short_text or "",
        )
        found[row.id] = (message, row.channel, row.address)
    session.rollback()
    return found


def send_claimed(
    session: Session, config, claimed: list[tuple[int, int]], client: httpx.Client | None = None
) -> list[Outcome]:
    """Send each claimed delivery, then record every attempt in one transaction; return the
    outcomes."""
    channels = channel_configs(config)
    messages = messages_of(session, [delivery_id for delivery_id, _ in claimed])
    tries = []
    for delivery_id, attempt in claimed:
        started_at, start = clock.now(), time.perf_counter()
        error: DeliveryError | None = None
        try:
            message, channel, address = messages[delivery_id]
            if channel not in channels:
                raise DeliveryError("该渠道未配置，无法发送", retryable=False)
            deliver(message, channels[channel], address, client=client)
        except DeliveryError as exc:
            error = exc
        except Exception as exc:  # a fault of ours or of a library: try again later
            error = DeliveryError(f"发送时出错（{type(exc).__name__}）", retryable=True)
        elapsed = int((time.perf_counter() - start) * 1000)
        tries.append((delivery_id, attempt, started_at, elapsed, error))
    return record(session, config, tries)


def backoff(config, attempt: int) -> timedelta:
    """Wait before retry number ``attempt``: ``NOTIFY_RETRY_SECONDS`` doubling, at most 1 h."""
    first = timedelta(seconds=int(config["NOTIFY_RETRY_SECONDS"]))
    return min(first * (2 ** max(attempt - 1, 0)), MAX_BACKOFF)


def record(session: Session, config, tries: list[tuple]) -> list[Outcome]:
    """Write the attempts and the deliveries' new states (each only while our claim holds):
    delivered, waiting again after a backoff, or failed."""
    now = clock.now()
    worker = worker_name()[:60]
    changes, attempts, outcomes = [], [], []
    for delivery_id, attempt, started_at, elapsed_ms, error in tries:
        retry_in = None
        if error is None:
            status = S.DELIVERED
        elif error.retryable and attempt < int(config["NOTIFY_MAX_ATTEMPTS"]):
            retry_in = backoff(config, attempt)
            status = S.PENDING
        else:
            status = S.FAILED
        changes.append(
            {
                "b_id": delivery_id,
                "b_attempt": attempt,
                "b_status": status,
                "b_delivered_at": now if error is None else None,
                "b_next_attempt_at": now + retry_in if retry_in else None,
                "b_last_error": None if error is None else error.message[:500],
            }
        )
        attempts.append(
            {
                "delivery_id": delivery_id,
                "started_at": started_at,
                "duration_ms": elapsed_ms,
                "ok": error is None,
                "retryable": None if error is None else error.retryable,
                "error": None if error is None else error.message[:500],
                "worker": worker,
            }
        )
        outcomes.append(Outcome(delivery_id, status, retry_in))
    if not tries:
        return outcomes
    begin_write(session)
    ours = and_(
        D.c.id == bindparam("b_id"),
        D.c.status == S.SENDING,
        D.c.attempts == bindparam("b_attempt"),
    )
    connection = session.connection()
    connection.execute(
        update(D)
        .where(ours)
        .values(
            status=bindparam("b_status", type_=D.c.status.type),
            lease_until=None,
            delivered_at=func.coalesce(
                bindparam("b_delivered_at", type_=D.c.delivered_at.type), D.c.delivered_at
            ),
            next_attempt_at=func.coalesce(
                bindparam("b_next_attempt_at", type_=D.c.next_attempt_at.type), D.c.next_attempt_at
            ),
            last_error=bindparam("b_last_error"),
        ),
        changes,
    )
    connection.execute(insert(NotificationAttempt.__table__), attempts)
    session.commit()
    return outcomes


def send_due(
    session: Session, config, delivery_ids: list[int] | None = None, limit: int = 10
) -> list[Outcome]:
    """Claim and send the deliveries asked for (those still due), or a batch of due ones."""
    claimed = claim(session, config, clock.now(), delivery_ids, limit)
    if not claimed:
        return []
    return send_claimed(session, config, claimed, http_client())


def http_client() -> httpx.Client:
    """One connection pool per process, shared by the worker's threads (building a client
    loads the CA bundle: ~0.1 s)."""
    global _client
    if _client is None:
        with _client_lock:
            if _client is None:
                _client = httpx.Client(follow_redirects=False)
    return _client
