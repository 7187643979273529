"""The penalty operations, as views, CLI commands and the demo call them.

Each sets the data of its step and flushes as the acting user; the checks run at flush time
(:mod:`panel.penalties.rules`), so a direct edit of the rows meets the same rules.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from panel.complaints.enums import Channel
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import User
from panel.penalties.models import AppealOutcome, Penalty, PenaltyAppeal, PenaltyStatus
from panel.penalties.records import Commendation, Recovery, Responsibility
from panel.penalties.schedule import Offence
from panel.remedies.models import Remedy


def _flush(session: Session, actor: User, obj=None):
    if obj is not None:
        session.add(obj)
    with acting_as(actor):
        session.flush()
    return obj


def name_responsible(
    session: Session, complaint: Complaint, staff: Staff, actor: User, finding: str | None = None
) -> Responsibility:
    """Record that the investigation found ``staff`` responsible for the complaint."""
    row = Responsibility(complaint=complaint, staff=staff, finding=finding)
    return _flush(session, actor, row)


def propose_penalty(
    session: Session,
    complaint: Complaint,
    staff: Staff,
    offence: Offence,
    points: int,
    reason: str,
    actor: User,
    major_demerit: bool = False,
    circular: bool = False,
    note: str | None = None,
) -> Penalty:
    """A department or service manager proposes a penalty from the schedule."""
    penalty = Penalty(
        complaint=complaint,
        staff=staff,
        offence=offence,
        points=points,
        reason=reason,
        major_demerit=major_demerit,
        circular=circular,
        note=note,
    )
    return _flush(session, actor, penalty)


def decide_penalty(
    session: Session, penalty: Penalty, actor: User, approve: bool, comment: str | None = None
) -> Penalty:
    """Approve or reject a proposal (a reason is required to reject)."""
    penalty.status = PenaltyStatus.APPROVED if approve else PenaltyStatus.REJECTED
    penalty.decision_comment = comment
    return _flush(session, actor, penalty)


def file_appeal(session: Session, penalty: Penalty, actor: User, grounds: str) -> PenaltyAppeal:
    """The penalised person, or a clerk on their behalf, appeals the penalty (once)."""
    appeal = PenaltyAppeal(penalty=penalty, grounds=grounds)
    return _flush(session, actor, appeal)


def decide_appeal(
    session: Session, appeal: PenaltyAppeal, actor: User, uphold: bool, reason: str
) -> PenaltyAppeal:
    """Someone not involved upholds or revokes the penalty, giving the reason."""
    appeal.outcome = AppealOutcome.UPHELD if uphold else AppealOutcome.REVOKED
    appeal.decision_reason = reason
    return _flush(session, actor, appeal)


def record_commendation(
    session: Session,
    staff: Staff,
    actor: User,
    content: str,
    points: int = 0,
    channel: Channel | None = None,
    customer_name: str | None = None,
    complaint: Complaint | None = None,
    received_at: datetime | None = None,
) -> Commendation:
    """Record a customer's commendation of a staff member."""
    row = Commendation(
        staff=staff,
        content=content,
        points=points,
        channel=channel,
        customer_name=customer_name,
        complaint=complaint,
        received_at=received_at or clock.now(),
    )
    return _flush(session, actor, row)


def open_recovery(
    session: Session,
    payment: Remedy,
    staff: Staff,
    amount_due: Decimal,
    actor: User,
    note: str | None = None,
) -> Recovery:
    """After the company paid first, hold ``staff`` to ``amount_due`` of the payment."""
    row = Recovery(
        remedy=payment, complaint=payment.complaint, staff=staff, amount_due=amount_due, note=note
    )
    return _flush(session, actor, row)


def record_recovered(
    session: Session, recovery: Recovery, amount: Decimal, actor: User
) -> Recovery:
    """Add ``amount`` (positive) to what was recovered from the staff member."""
    if Decimal(amount) <= 0:
        raise RuleError(_("The amount recovered must be more than zero."), "amount_recovered")
    recovery.amount_recovered = (recovery.amount_recovered or Decimal("0")) + Decimal(amount)
    return _flush(session, actor, recovery)
