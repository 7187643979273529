"""Deadlines from the SLA-policy table: due times on registration and on each transition,
and the derived overdue and escalation conditions."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import Session

from panel.complaints.enums import OPEN_STATUSES, Severity, Status, Urgency
from panel.complaints.models import Complaint
from panel.organisation.models.sla import SlaStep
from panel.organisation.settings import get_setting
from panel.worktime import clocks, policies

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
    row = policies.policy(session, step, severity, urgency)
    return row.limit_minutes if row else None


def due_after(
    session: Session, start: datetime, step: SlaStep, complaint: Complaint
) -> datetime | None:
    """``start`` plus the step's limit for this complaint's severity and urgency, counted in
    the calendar of the policy row: working time (N × 24 h = N working days, shorter limits in
    business hours) or wall-clock time (a 24×7 calendar)."""
    limit = policies.limit_of(session, step, complaint.severity, complaint.urgency)
    return None if limit is None else limit.due(start)


def registration_due(session: Session, complaint: Complaint) -> datetime | None:
    """When the complaint should have been registered: receipt plus the register limit (in
    working time: received out of hours, the form is due on the next working day)."""
    return due_after(session, complaint.received_at, SlaStep.REGISTER, complaint)


def set_due_times(session: Session, complaint: Complaint, entered_at: datetime) -> None:
    """Start the clock of the step of the state just entered; keep the resolution and
    escalation due times, which count from receipt (the resolution's from a reopening).

    Entering 未了事宜 (PENDING_CUSTOMER) stops the clocks and the step becomes the monthly
    review; resuming gives each clock back the working time it had left
    (:mod:`panel.worktime.clocks`). The state left is read from the transition just recorded.
    """
    last = complaint.transitions[-1] if complaint.transitions else None
    previous = last.from_status if last is not None and last.to_status is complaint.status else None
    status = complaint.status
    if last is not None and last.from_status is None:
        clocks.on_registration(session, complaint)
    if status is Status.PENDING_CUSTOMER:
        clocks.start_pause(session, complaint, entered_at, STEP_OF_STATUS.get(previous), last)
        complaint.step_due_at = due_after(session, entered_at, SlaStep.PENDING_REVIEW, complaint)
        return
    step = STEP_OF_STATUS.get(status)
    if previous is Status.PENDING_CUSTOMER:
        complaint.step_due_at = clocks.end_pause(session, complaint, entered_at, step, last)
    else:
        complaint.step_due_at = due_after(session, entered_at, step, complaint) if step else None
    start = clocks.resolve_start(complaint)
    complaint.resolve_due_at = clocks.due(session, start, SlaStep.RESOLVE, complaint)
    complaint.escalate_due_at = clocks.due(
        session, complaint.received_at, SlaStep.ESCALATE, complaint
    )
    if status is Status.REPLIED:  # the callback is the step of REPLIED (resumed or not)
        complaint.callback_due_at = complaint.step_due_at


# --- derived conditions, as SQL ------------------------------------------------------------


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """Open complaints past the due time of their current step, or not yet answered past
    their resolution due time (已超时). Each half is served by an index."""
    return or_(
        and_(Complaint.status.in_(OPEN_STATUSES), Complaint.step_due_at < now),
        and_(Complaint.status.in_(clocks.RESOLVING), Complaint.resolve_due_at < now),
    )


def escalation_clause(session: Session, now: datetime) -> ColumnElement[bool]:
    """Complaints senior management must see (001 mall): overdue, unresolved for the escalate
    limit (3 working days by default, not counting time waiting on the customer), or asking
    more than the set amount."""
    demand = get_setting(session, "escalation.demand_amount")
    minutes = limit_minutes(session, SlaStep.ESCALATE, None, None) or 3 * 24 * 60
    running = Complaint.status.in_(OPEN_STATUSES - {Status.PENDING_CUSTOMER})
    return and_(
        Complaint.status.in_(OPEN_STATUSES),
        or_(
            Complaint.step_due_at < now,
            and_(running, Complaint.escalate_due_at < now),
            and_(  # rows from before working time, without an escalation due time
                running,
                Complaint.escalate_due_at.is_(None),
                Complaint.received_at < now - timedelta(minutes=minutes),
            ),
            Complaint.amount_claimed > demand,
        ),
    )


def is_overdue(complaint: Complaint, now: datetime) -> bool:
    """The same as :func:`overdue_clause`, for one complaint in memory."""
    if complaint.status not in OPEN_STATUSES:
        return False
    if complaint.step_due_at is not None and complaint.step_due_at < now:
        return True
    return (
        complaint.status in clocks.RESOLVING
        and complaint.resolve_due_at is not None
        and complaint.resolve_due_at < now
    )
