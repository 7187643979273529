"""Receiving work orders, one shared path for the API, uploaded lists and the import command:
a new (source, ticket number) becomes a registered complaint, the same work order again
returns that complaint, a changed one is recorded as an update of it. API tokens are issued,
checked and revoked here too.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from panel.access.privacy import mask_phone
from panel.complaints.enums import Category
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.intake.models import ApiToken, IntakeSource, Via, WorkOrder, WorkOrderUpdate
from panel.intake.rules import FIELDS, UPDATABLE, WorkOrderData, changes_between
from panel.organisation.models.user import User

CREATED, UNCHANGED, UPDATED = "created", "unchanged", "updated"
TOKEN_PREFIX = "pt_"


@dataclass
class Received:
    """What became of a work order: ``created``, ``unchanged`` or ``updated``."""

    result: str
    work_order: WorkOrder
    changes: dict = field(default_factory=dict)

    @property
    def complaint(self) -> Complaint:
        return self.work_order.complaint


def source_coded(session: Session, code: str | None) -> IntakeSource | None:
    """The active source with this code (``12345``, ``主机厂``, …)."""
    if not code:
        return None
    return session.scalar(
        select(IntakeSource).where(IntakeSource.code == str(code).strip(), IntakeSource.active)
    )


def work_order_of(session: Session, source: IntakeSource, ticket_no: str) -> WorkOrder | None:
    return session.scalar(
        select(WorkOrder).where(WorkOrder.source_id == source.id, WorkOrder.ticket_no == ticket_no)
    )


def stored_payload(data: WorkOrderData) -> dict:
    """The work order as kept on its row: the phone masked (with a short hash, so that a
    change still shows), as everything that lists the row may be read by managers."""
    payload = data.payload()
    phone = payload.get("phone")
    if phone:
        payload["phone"] = f"{mask_phone(phone)}#{hashlib.sha256(phone.encode()).hexdigest()[:12]}"
    return payload


def _serialize(session: Session, source: IntakeSource, ticket_no: str) -> None:
    """Posts of the same work order wait for one another (PostgreSQL advisory lock to the end
    of the transaction); the unique key catches anything that still races."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
            {"key": f"work_order:{source.id}:{ticket_no}"},
        )


def receive(
    session: Session,
    source: IntakeSource,
    data: WorkOrderData,
    actor: User,
    via: Via,
    token: ApiToken | None = None,
) -> Received:
    """Register, recognise or update the work order (its fields already read, no errors);
    flushes as ``actor``. The flush-time rules of a registration hold (numbering, severity:
    a regulator's transfer is major, deadlines)."""
    _serialize(session, source, data.ticket_no)
    existing = work_order_of(session, source, data.ticket_no)
    if existing is not None:
        return _again(session, existing, data, actor, via)
    try:
        with session.begin_nested():
            work_order = _register(session, source, data, actor, via, token)
    except IntegrityError:
        existing = work_order_of(session, source, data.ticket_no)
        if existing is None:
            raise
        return _again(session, existing, data, actor, via)
    return Received(CREATED, work_order)


def _register(session, source, data, actor, via, token) -> WorkOrder:
    facts, now = data.facts, clock.now()
    complaint = Complaint(
        channel=source.channel,
        regulator_name=source.regulator_name,
        category=Category(facts.get("category") or Category.OTHER),
        received_at=facts.get("received_at") or now,
        regulator_reply_due_at=facts.get("reply_due_at"),  # the regulator's own deadline prevails
    )
    for name, (_label, attribute, _max) in FIELDS.items():
        if attribute and attribute not in ("received_at", "category") and name in facts:
            setattr(complaint, attribute, facts[name])
    work_order = WorkOrder(
        source=source,
        ticket_no=data.ticket_no,
        complaint=complaint,
        payload_hash=data.payload_hash(),
        payload=stored_payload(data),
        reply_due_at=facts.get("reply_due_at"),
        via=via,
        token_id=token.id if token is not None else None,
        first_seen_at=now,
        last_seen_at=now,
    )
    with acting_as(actor):
        session.add_all([complaint, work_order])
        session.flush()
    return work_order


def _again(session, work_order: WorkOrder, data: WorkOrderData, actor, via) -> Received:
    work_order.last_seen_at = clock.now()
    new_hash = data.payload_hash()
    if new_hash == work_order.payload_hash:
        with acting_as(actor):
            session.flush()
        return Received(UNCHANGED, work_order)
    payload = stored_payload(data)
    changes = changes_between(work_order.payload or {}, payload)
    complaint = work_order.complaint
    with acting_as(actor):
        for name in UPDATABLE:
            if name not in changes:
                continue
            value = data.facts.get(name)
            if name == "reply_due_at":
                work_order.reply_due_at = value
                complaint.regulator_reply_due_at = value
            else:
                setattr(complaint, FIELDS[name][1], value)
        work_order.payload, work_order.payload_hash = payload, new_hash
        work_order.revision += 1
        session.add(
            WorkOrderUpdate(work_order=work_order, at=clock.now(), via=via, changes=changes)
        )
        session.flush()
    return Received(UPDATED, work_order, changes)


# --- API tokens ----------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    session: Session, source: IntakeSource, name: str, actor: User
) -> tuple[ApiToken, str]:
    """A new token for ``source``; the token itself is returned once and kept only hashed."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        source=source,
        name=name,
        token_hash=_digest(secret),
        prefix=secret[:10],
        created_at=clock.now(),
        created_by=actor,
    )
    session.add(token)
    session.flush()
    return token, secret


def fill_token(token: ApiToken, actor: User) -> str:
    """Give a token row made by a form its secret; returns the secret (shown once)."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token.token_hash, token.prefix = _digest(secret), secret[:10]
    token.created_at, token.created_by = clock.now(), actor
    return secret


def token_for(session: Session, secret: str | None) -> ApiToken | None:
    """The live token ``secret`` names (not revoked), with its source; notes its use at most
    once a minute."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == _digest(secret), ApiToken.revoked_at.is_(None))
        .options(joinedload(ApiToken.source))
    )
    if token is not None:
        now = clock.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            token.last_used_at = now
    return token


def revoke_token(token: ApiToken) -> None:
    """The token no longer opens the API."""
    if token.revoked_at is None:
        token.revoked_at = clock.now()
