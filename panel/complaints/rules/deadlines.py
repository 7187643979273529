"""Deadlines from the SLA-policy table: due times on registration and on each transition,
and the derived overdue and escalation conditions."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from panel.complaints.enums import OPEN_STATUSES, Severity, Status, Urgency
from panel.complaints.models import Complaint
from panel.organisation.models.sla import SlaPolicy, SlaStep
from panel.organisation.settings import get_setting

# The step a complaint works on while in each state: entering the state starts its clock.
STEP_OF_STATUS = {
    Status.REGISTERED: SlaStep.DISPATCH,
    Status.REOPENED: SlaStep.DISPATCH,
    Status.DISPATCHED: SlaStep.ASSIGN,
    Status.INVESTIGATING: SlaStep.INVESTIGATE,
    Status.AWAITING_APPROVAL: SlaStep.APPROVE,
    Status.APPROVED: SlaStep.REPLY,
    Status.REPLIED: SlaStep.CALLBACK,
    Status.CALLBACK_DONE: SlaStep.CLOSE,
    Status.PENDING_CUSTOMER: SlaStep.PENDING_REVIEW,
}


def limit_minutes(
    session: Session, step: SlaStep, severity: Severity | None, urgency: Urgency | None
) -> int | None:
    """The most specific policy row for the step: severity and urgency, then either, then none."""
    with session.no_autoflush:
        rows = session.scalars(select(SlaPolicy).filter_by(step=step)).all()
    best, best_score = None, -1
    for row in rows:
        if row.severity not in (None, severity) or row.urgency not in (None, urgency):
            continue
        score = (row.severity is not None) * 2 + (row.urgency is not None)
        if score > best_score or (score == best_score and row.limit_minutes < best.limit_minutes):
            best, best_score = row, score
    return best.limit_minutes if best else None


def due_after(
    session: Session, start: datetime, step: SlaStep, complaint: Complaint
) -> datetime | None:
    """``start`` plus the step's limit for this complaint's severity and urgency."""
    minutes = limit_minutes(session, step, complaint.severity, complaint.urgency)
    return None if minutes is None else start + timedelta(minutes=minutes)


def registration_due(session: Session, complaint: Complaint) -> datetime | None:
    """When the complaint should have been registered: receipt plus the register limit."""
    return due_after(session, complaint.received_at, SlaStep.REGISTER, complaint)


def set_due_times(session: Session, complaint: Complaint, entered_at: datetime) -> None:
    """Start the clock of the step of the state just entered; keep the overall resolution due."""
    step = STEP_OF_STATUS.get(complaint.status)
    complaint.step_due_at = due_after(session, entered_at, step, complaint) if step else None
    complaint.resolve_due_at = due_after(session, complaint.received_at, SlaStep.RESOLVE, complaint)
    if complaint.status is Status.REPLIED:
        complaint.callback_due_at = due_after(session, entered_at, SlaStep.CALLBACK, complaint)


# --- derived conditions, as SQL ------------------------------------------------------------


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """Open complaints past the due time of their current step."""
    return and_(Complaint.status.in_(OPEN_STATUSES), Complaint.step_due_at < now)


def escalation_clause(session: Session, now: datetime) -> ColumnElement[bool]:
    """Complaints senior management must see (001 mall): overdue, unresolved for the escalate
    limit (3 days by default), or asking more than the set amount."""
    minutes = limit_minutes(session, SlaStep.ESCALATE, None, None) or 3 * 24 * 60
    demand = get_setting(session, "escalation.demand_amount")
    return and_(
        Complaint.status.in_(OPEN_STATUSES),
        or_(
            Complaint.step_due_at < now,
            Complaint.received_at < now - timedelta(minutes=minutes),
            Complaint.amount_claimed > demand,
        ),
    )


def is_overdue(complaint: Complaint, now: datetime) -> bool:
    return (
        complaint.status in OPEN_STATUSES
        and complaint.step_due_at is not None
        and complaint.step_due_at < now
    )
