"""The operations of the complaint process, as the views, CLI and imports call them.

Each sets the data of its step, moves the status and flushes as the acting user; the checks
themselves run at flush time (``panel.core.flush``), so a direct edit meets the same rules.
"""

from __future__ import annotations

import functools
from datetime import datetime

from sqlalchemy.orm import Session

from panel.complaints.enums import Fault, Status
from panel.complaints.history import Callback
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.organisation.models.department import Department
from panel.organisation.models.user import User


def as_the_actor(operation):
    """Run the whole operation as ``actor``: an autoflush while it sets attributes (a lazy
    load, a validator's query) is then judged as the actor's change, never as the change of
    whoever happens to be logged in."""

    @functools.wraps(operation)
    def run(session: Session, complaint: Complaint, actor: User, *args, **kwargs):
        with acting_as(actor):
            return operation(session, complaint, actor, *args, **kwargs)

    return run


def move(
    session: Session,
    complaint: Complaint,
    target: Status,
    actor: User,
    reason: str | None = None,
    at: datetime | None = None,
) -> Complaint:
    """Take the lifecycle step to ``target``; ``reason`` where the step needs one."""
    with acting_as(actor):
        complaint.transition_note = {"reason": reason, "at": at or clock.now()}
        complaint.status = target
        session.flush()
    return complaint


@as_the_actor
def dispatch(
    session: Session,
    complaint: Complaint,
    actor: User,
    department: Department,
    at: datetime | None = None,
) -> Complaint:
    """Send the complaint to the responsible department (工作联系函)."""
    complaint.responsible_department = department
    return move(session, complaint, Status.DISPATCHED, actor, at=at)


@as_the_actor
def start_investigation(
    session: Session, complaint: Complaint, actor: User, handler: User, at: datetime | None = None
) -> Complaint:
    """The department manager names the responsible person, who starts investigating."""
    complaint.handler = handler
    return move(session, complaint, Status.INVESTIGATING, actor, at=at)


@as_the_actor
def record_fault(
    session: Session, complaint: Complaint, actor: User, fault: Fault, evidence: str
) -> Complaint:
    """Fix responsibility: ours, both, the complainant's, or undetermined, with evidence."""
    complaint.fault = fault
    complaint.fault_evidence = evidence
    with acting_as(actor):
        session.flush()
    return complaint


@as_the_actor
def submit_for_approval(
    session: Session, complaint: Complaint, actor: User, reply: str, at: datetime | None = None
) -> Complaint:
    """Hand the remedies and the drafted reply to the approvers."""
    complaint.reply_content = reply
    return move(session, complaint, Status.AWAITING_APPROVAL, actor, at=at)


@as_the_actor
def reply_to_customer(
    session: Session,
    complaint: Complaint,
    actor: User,
    opinion: str | None = None,
    at: datetime | None = None,
) -> Complaint:
    """Relay the approved answer; record what the customer said of it."""
    complaint.customer_opinion = opinion
    return move(session, complaint, Status.REPLIED, actor, at=at)


@as_the_actor
def record_callback(
    session: Session,
    complaint: Complaint,
    actor: User,
    satisfied: bool,
    comment: str | None = None,
    at: datetime | None = None,
) -> Callback:
    """The callback after the reply: satisfied moves on, dissatisfied reopens (000 客户不满 §5)."""
    at = at or clock.now()
    callback = Callback(complaint=complaint, by=actor, at=at, satisfied=satisfied, comment=comment)
    session.add(callback)
    target = Status.CALLBACK_DONE if satisfied else Status.REOPENED
    move(session, complaint, target, actor, reason=comment, at=at)
    return callback


@as_the_actor
def close(
    session: Session, complaint: Complaint, actor: User, at: datetime | None = None
) -> Complaint:
    """Close and archive a complaint whose callback was satisfied."""
    return move(session, complaint, Status.CLOSED, actor, at=at)


@as_the_actor
def close_as_invalid(
    session: Session,
    complaint: Complaint,
    actor: User,
    reply: str,
    reason: str,
    at: datetime | None = None,
) -> Complaint:
    """误投诉: not our fault; closed with a tactful reply (004 §四.2)."""
    complaint.reply_content = reply
    return move(session, complaint, Status.INVALID, actor, reason=reason, at=at)
