"""The minute's scan: steps due soon and overdue, escalation tiers reached with time, and
replies to a regulator due soon — each written to the outbox once.

Time is working time, in the calendar of the SLA row of the step (:mod:`panel.worktime`):

* **due soon** when ``notifications.due_soon_percent`` (75 %) of the working time between
  entering the step and its due time is used; **overdue** past the due time;
* **escalation tiers** by the share of the escalation clock used (received → escalation due,
  three working days by default, pauses on the customer not counted):
  ``notifications.escalation_tier_percents`` (33, 67, 100 → tiers 1, 2, 3), never below the
  tier the complaint's nature gave it (:func:`panel.notifications.rules.severity_tier`);
* **regulator reply due** at the same share of the time from receipt to the reply's due time.

Complaints waiting on the customer (未了事宜) are left to the monthly ledger reminder.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from panel.complaints.enums import OPEN_STATUSES, Status
from panel.complaints.models import Complaint
from panel.complaints.rules.deadlines import STEP_OF_STATUS
from panel.core import clock
from panel.notifications import emit
from panel.notifications.enums import EventKind
from panel.notifications.fanout import begin_write
from panel.notifications.models import NotificationEvent
from panel.notifications.rules import Event, escalation_event, escalation_prefix
from panel.organisation.models.sla import SlaStep
from panel.organisation.settings import get_setting, register_defaults
from panel.worktime import store
from panel.worktime.policies import limit_of
from panel.worktime.rules import working_time_between

DUE_SOON_PERCENT = "notifications.due_soon_percent"
TIER_PERCENTS = "notifications.escalation_tier_percents"
register_defaults({DUE_SOON_PERCENT: (int, 75), TIER_PERCENTS: (str, "33,67,100")})
RUNNING = OPEN_STATUSES - {Status.PENDING_CUSTOMER}


def used_share(start: datetime, due: datetime, now: datetime, calendar) -> float:
    """How much of the working time from ``start`` to ``due`` is used at ``now`` (1.0 at the
    due time, more when overdue)."""
    budget = working_time_between(start, due, calendar)
    if budget.total_seconds() <= 0:
        return 1.0 if now >= due else 0.0
    return 1 - working_time_between(now, due, calendar) / budget


def step_started(complaint: Complaint) -> datetime:
    """When the complaint entered its current state (its step's clock started)."""
    entries = [t.at for t in complaint.transitions if t.to_status is complaint.status]
    return max(entries) if entries else complaint.received_at


def tier_percents(session: Session) -> list[int]:
    """The escalation clock's shares at which tiers 1, 2 and 3 are reached."""
    raw = get_setting(session, TIER_PERCENTS)
    values = [int(p) for p in raw.replace("，", ",").split(",") if p.strip().isdigit()]
    return (values + [100, 100, 100])[:3]


def _calendar(session: Session, step: SlaStep, complaint: Complaint):
    limit = limit_of(session, step, complaint.severity, complaint.urgency)
    return limit.calendar if limit is not None else store.office(session)


def deadline_events(session: Session, complaint: Complaint, now: datetime) -> list[Event]:
    """The step, escalation and regulator events ``complaint`` has reached at ``now``."""
    events = []
    soon = get_setting(session, DUE_SOON_PERCENT) / 100
    step = STEP_OF_STATUS.get(complaint.status)
    if complaint.step_due_at is not None and step is not None:
        due = complaint.step_due_at
        share = used_share(step_started(complaint), due, now, _calendar(session, step, complaint))
        kind = EventKind.OVERDUE if now >= due else EventKind.DUE_SOON if share >= soon else None
        if kind is not None:
            key = f"{kind.value}:{complaint.id}:{due:%Y%m%d%H%M%S}"
            payload = {"due_at": due.isoformat(), "step": step.value}
            events.append(Event(kind, key, complaint.id, None, payload))
    escalate_due = getattr(complaint, "escalate_due_at", None)
    if escalate_due is not None:
        calendar = _calendar(session, SlaStep.ESCALATE, complaint)
        share = used_share(complaint.received_at, escalate_due, now, calendar) * 100
        tier = sum(1 for percent in tier_percents(session) if share >= percent)
        if tier:
            events.append(escalation_event(complaint, tier, "time"))
    regulator_due = getattr(complaint, "regulator_reply_due_at", None)
    if regulator_due is not None and complaint.regulator_replied_at is None:
        calendar = _calendar(session, SlaStep.REGULATOR_REPLY, complaint)
        if used_share(complaint.received_at, regulator_due, now, calendar) >= soon:
            key = f"regulator:{complaint.id}:{regulator_due:%Y%m%d%H%M%S}"
            payload = {"due_at": regulator_due.isoformat(), "step": SlaStep.REGULATOR_REPLY.value}
            events.append(Event(EventKind.REGULATOR_REPLY_DUE, key, complaint.id, None, payload))
    return events


def _told(session: Session, complaint_ids: list[int]) -> set[str]:
    keys = set()
    for chunk in range(0, len(complaint_ids), 500):
        keys.update(
            session.scalars(
                select(NotificationEvent.dedupe_key).where(
                    NotificationEvent.complaint_id.in_(complaint_ids[chunk : chunk + 500])
                )
            )
        )
    return keys


def _new(events: list[Event], told: set[str], complaint: Complaint) -> list[Event]:
    """Drop events told before, and escalations to a tier at or below one already told."""
    prefix = escalation_prefix(complaint.id, complaint.reopen_count or 0)
    reached = max((int(k.rsplit(":", 1)[-1]) for k in told if k.startswith(prefix)), default=0)
    return [
        e
        for e in events
        if e.dedupe_key not in told and (e.kind.tier is None or e.kind.tier > reached)
    ]


def scan(session: Session, now: datetime | None = None) -> int:
    """Write the events the open complaints have reached; commit; return how many.

    Everything is read first, in a transaction that takes no write lock; only when there is
    something to tell does a short write transaction follow (on SQLite a write lock held
    through the whole scan would make the panel's own writes wait or fail)."""
    now = now or clock.now()
    complaints = session.scalars(
        select(Complaint)
        .where(
            Complaint.status.in_(RUNNING),
            or_(
                Complaint.step_due_at.is_not(None),
                Complaint.escalate_due_at.is_not(None),
                Complaint.regulator_reply_due_at.is_not(None),
            ),
        )
        .options(selectinload(Complaint.transitions))
        .order_by(Complaint.id)
    ).all()
    told = _told(session, [c.id for c in complaints])
    found = [
        event
        for complaint in complaints
        for event in _new(deadline_events(session, complaint, now), told, complaint)
    ]
    session.rollback()
    if not found:
        return 0
    begin_write(session)
    written = sum(1 for event in found if emit.record(session, event, at=now) is not None)
    session.commit()
    return written
