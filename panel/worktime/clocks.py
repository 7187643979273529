"""The clocks of one complaint in working time: registration facts, the pause while waiting on
the customer (未了事宜) and the resume, and the time unresolved.

Called by :func:`panel.complaints.rules.deadlines.set_due_times` at flush time, so every path
that moves a complaint (case file, approval screen, CLI, imports) stops and restarts the same
clocks. Four clocks stop while the complaint waits on the customer: the current step's, the
resolution's, the escalation's (001 mall: unresolved three days) and the special-major "two
months unresolved" one; the regulator's reply is owed regardless.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from panel.complaints.enums import Channel, Status
from panel.complaints.models import Complaint
from panel.organisation.models.sla import SlaStep
from panel.worktime import store
from panel.worktime.models import ComplaintPause
from panel.worktime.policies import limit_of, regulator_reply_days
from panel.worktime.rules import (
    due_at,
    due_with_pauses,
    is_business_time,
    resume_due_at,
    time_left,
)

# The states before the answer reaches the customer: the resolution clock runs in them.
RESOLVING = frozenset(
    {
        Status.REGISTERED,
        Status.DISPATCHED,
        Status.INVESTIGATING,
        Status.AWAITING_APPROVAL,
        Status.APPROVED,
        Status.REOPENED,
    }
)
DAY = timedelta(hours=24)
RULE_WRITES = "worktime.rule_writes"


def written_by_rules(session: Session, pause: ComplaintPause) -> None:
    """Mark a pause record as written by these rules in the current flush: the hooks refuse
    pause records made or changed any other way."""
    session.info.setdefault(RULE_WRITES, set()).add(pause)


def pauses_of(complaint: Complaint) -> list[tuple[datetime, datetime]]:
    """The finished pauses of the complaint, oldest first."""
    return [(p.started_at, p.ended_at) for p in complaint.pauses if p.ended_at is not None]


def open_pause(complaint: Complaint) -> ComplaintPause | None:
    return next((p for p in reversed(complaint.pauses) if p.ended_at is None), None)


def due(
    session: Session, start: datetime | None, step: SlaStep, complaint: Complaint
) -> datetime | None:
    """When the clock of ``step`` started at ``start`` falls due, the finished pauses since
    ``start`` not counted; ``None`` without a policy row."""
    limit = limit_of(session, step, complaint.severity, complaint.urgency)
    if limit is None or start is None:
        return None
    return due_with_pauses(start, limit.limit, limit.calendar, pauses_of(complaint))


def resolve_start(complaint: Complaint) -> datetime:
    """The resolution clock starts at receipt, and again when the complaint is reopened."""
    reopened = [t.at for t in complaint.transitions if t.to_status is Status.REOPENED]
    return max(reopened) if reopened else complaint.received_at


def on_registration(session: Session, complaint: Complaint) -> None:
    """Mark a complaint received outside business hours (非工作时间受理) and give a transferred
    complaint its reply-to-regulator due time — the one its work order names, when the
    regulator sent one (it prevails), else the one the settings give."""
    received = complaint.received_at
    complaint.out_of_hours = not is_business_time(received, store.office(session))
    given = complaint.regulator_reply_due_at
    complaint.regulator_reply_due_at = given or regulator_due(session, complaint)


def regulator_due(session: Session, complaint: Complaint) -> datetime | None:
    """Receipt plus the regulator's working days (setting), else the SLA row's limit."""
    if complaint.channel is not Channel.REGULATOR or complaint.received_at is None:
        return None
    limit = limit_of(session, SlaStep.REGULATOR_REPLY, complaint.severity, complaint.urgency)
    days = regulator_reply_days(session, complaint.regulator_name)
    if days is not None:
        calendar = limit.calendar if limit is not None else store.office(session)
        return due_at(complaint.received_at, days * DAY, calendar)
    return limit.due(complaint.received_at) if limit is not None else None


def _left(due_time: datetime | None, limit, at: datetime) -> int | None:
    if due_time is None or limit is None:
        return None
    return int(time_left(at, due_time, limit.calendar).total_seconds())


def start_pause(
    session: Session, complaint: Complaint, at: datetime, step: SlaStep | None, entry
) -> None:
    """Stop the clocks: remember the working time each had left, in the pause record."""
    severity, urgency = complaint.severity, complaint.urgency
    resolving = entry is not None and entry.from_status in RESOLVING
    pause = ComplaintPause(
        started_at=at,
        started_by=getattr(entry, "actor", None),
        reason=getattr(entry, "reason", None),
        step_left_seconds=_left(
            complaint.step_due_at, limit_of(session, step, severity, urgency), at
        ),
        resolve_left_seconds=_left(
            complaint.resolve_due_at if resolving else None,
            limit_of(session, SlaStep.RESOLVE, severity, urgency),
            at,
        ),
        escalate_left_seconds=_left(
            complaint.escalate_due_at, limit_of(session, SlaStep.ESCALATE, severity, urgency), at
        ),
    )
    written_by_rules(session, pause)
    complaint.pauses.append(pause)
    session.add(pause)
    complaint.paused_at = at


def end_pause(
    session: Session, complaint: Complaint, at: datetime, step: SlaStep | None, entry
) -> datetime | None:
    """Start the clocks again; return the step's new due time: the working time it had left,
    counted from now (a fresh limit if the step had no deadline when paused)."""
    pause = open_pause(complaint)
    limit = limit_of(session, step, complaint.severity, complaint.urgency)
    if pause is None:  # paused before working time existed: a fresh limit
        complaint.paused_at = None
        return limit.due(at) if limit is not None else None
    written_by_rules(session, pause)
    pause.ended_at = at
    pause.ended_by = getattr(entry, "actor", None)
    complaint.paused_seconds = (complaint.paused_seconds or 0) + int(
        (at - pause.started_at).total_seconds()
    )
    complaint.paused_at = None
    if limit is None:
        return None
    if pause.step_left_seconds is None:
        return limit.due(at)
    return resume_due_at(at, timedelta(seconds=pause.step_left_seconds), limit.calendar)


def review_due(session: Session, day) -> datetime:
    """A pending matter's next review falls due at the close of business of ``day`` (or of
    the next working day when ``day`` is not one)."""
    return due_at(datetime.combine(day, time()), DAY, store.office(session))


def paused_for(complaint: Complaint, now: datetime) -> timedelta:
    """Wall-clock time spent waiting on the customer, the current pause included."""
    total = timedelta(seconds=complaint.paused_seconds or 0)
    if complaint.paused_at is not None and now > complaint.paused_at:
        total += now - complaint.paused_at
    return total


def unresolved_for(complaint: Complaint, now: datetime) -> timedelta:
    """How long the complaint has been unresolved through our doing: since receipt, less the
    time it waited on the customer (the special-major "two months unresolved" clock)."""
    return now - complaint.received_at - paused_for(complaint, now)
