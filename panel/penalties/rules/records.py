"""Rules of the schedule, responsibility findings, commendations and pay-first recoveries.

- The schedule is edited by the administrator only; a range is 0 ≤ min ≤ max ≤ 100.
- Responsible staff are named by the complaint's handler or a manager, never by the
  complained person, once the fault is ours or both with evidence; a name carrying a penalty
  or a recovery stays.
- Commendations are recorded by a clerk or a manager, never about oneself; points from 0 to
  the setting ``penalties.commendation_max_points``.
- A recovery follows an approved pay-first remedy (000 §五.3.4) and falls on a responsible
  person; it is opened and updated by a manager (a department manager for their own
  department), never the person who owes; amounts are not negative, recovered ≤ due, and the
  amounts due of one payment never exceed what was paid.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panel.access.roles import FRONT_DESK, MANAGERS, names
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.errors import RuleError
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
from panel.organisation.settings import get_setting
from panel.penalties.models import Penalty, PenaltyStatus
from panel.penalties.records import Commendation, Recovery, Responsibility
from panel.penalties.rules import (
    changed,
    check_fault,
    check_not_self,
    check_own_department,
    check_responsible,
    related,
    require,
    require_actor,
)
from panel.penalties.schedule import Offence
from panel.penalties.settings import COMMENDATION_MAX_POINTS
from panel.remedies.models import Remedy, RemedyKind, RemedyStatus

ZERO = Decimal("0.00")


# --- the schedule -------------------------------------------------------------------------
def check_offence(offence: Offence, actor: User | None) -> None:
    """Only the administrator edits the schedule; the points range must make sense."""
    actor = require_actor(actor)
    if actor.role is not Role.ADMIN:
        raise RuleError(_("Only the administrator edits the penalty schedule."), "code")
    low, high = offence.min_points, offence.max_points
    if low is None or high is None or not 0 <= low <= high <= 100:
        raise RuleError(
            _("The points range must satisfy 0 ≤ minimum ≤ maximum ≤ 100."), "max_points"
        )


def check_offence_removal(session: Session, offence: Offence, actor: User | None) -> None:
    check_offence(offence, actor)
    with session.no_autoflush:
        used = session.scalar(select(Penalty.id).filter_by(offence_id=offence.id).limit(1))
    if used is not None:
        raise RuleError(
            _("“%(offence)s” is used by penalties; deactivate it instead.", offence=offence)
        )


# --- responsibility -----------------------------------------------------------------------
def _check_namer(complaint: Complaint, actor: User | None) -> User:
    actor = require_actor(actor)
    if actor.role not in MANAGERS and not (
        actor.role is Role.ADVISOR and complaint.handler_id == actor.id
    ):
        raise RuleError(_("Only the handler or a manager may name the responsible staff."), "staff")
    if actor.staff_id is not None and actor.staff_id == complaint.complained_staff_id:
        raise RuleError(
            _("You are the person complained about and may not handle this complaint."), "staff"
        )
    return actor


def check_new_responsibility(session: Session, row: Responsibility, actor: User | None) -> None:
    """Naming a responsible person: by the handler or a manager, after the fault finding."""
    complaint = related(session, row, "complaint", Complaint)
    require(row, "complaint_id", complaint)
    require(row, "staff_id", related(session, row, "staff", Staff))
    actor = _check_namer(complaint, actor)
    check_fault(complaint)
    row.named_by = actor
    row.named_at = clock.now()


def check_responsibility_change(session: Session, row: Responsibility, actor: User | None) -> None:
    if changed(row, "complaint_id", "complaint", "staff_id", "staff", "named_by_id", "named_at"):
        raise RuleError(
            _("Remove the name and add the right person instead of changing it."), "staff"
        )
    _check_namer(related(session, row, "complaint", Complaint), actor)


def check_responsibility_removal(session: Session, row: Responsibility, actor: User | None) -> None:
    _check_namer(related(session, row, "complaint", Complaint), actor)
    with session.no_autoflush:
        penalties = session.scalar(
            select(func.count())
            .select_from(Penalty)
            .where(
                Penalty.complaint_id == row.complaint_id,
                Penalty.staff_id == row.staff_id,
                Penalty.status.not_in((PenaltyStatus.REJECTED, PenaltyStatus.REVOKED)),
            )
        )
        recoveries = session.scalar(
            select(func.count())
            .select_from(Recovery)
            .filter_by(complaint_id=row.complaint_id, staff_id=row.staff_id)
        )
    if penalties or recoveries:
        raise RuleError(
            _(
                "%(staff)s carries a penalty or a recovery for this complaint and stays named.",
                staff=row.staff,
            ),
            "staff",
        )


# --- commendations ------------------------------------------------------------------------
def check_commendation(
    session: Session, row: Commendation, actor: User | None, is_new: bool
) -> None:
    """Recorded by a clerk or a manager, not about oneself, points within the setting."""
    actor = require_actor(actor)
    if actor.role not in FRONT_DESK:
        raise RuleError(
            _("Commendations are recorded by %(roles)s.", roles=names(FRONT_DESK)), "staff"
        )
    staff = related(session, row, "staff", Staff)
    require(row, "staff_id", staff)
    check_not_self(actor, staff, _("You may not record a commendation of yourself."))
    highest = get_setting(session, COMMENDATION_MAX_POINTS)
    if row.points is None or not 0 <= row.points <= highest:
        raise RuleError(
            _(
                "Points awarded: from 0 to %(max)d (entered: %(points)s).",
                max=highest,
                points="—" if row.points is None else row.points,
            ),
            "points",
        )
    if row.received_at is not None and row.received_at > clock.now():
        raise RuleError(
            _("Commendation received at: the commendation cannot come from the future."),
            "received_at",
        )
    if is_new:
        row.recorded_by = actor
    elif changed(row, "recorded_by_id", "recorded_by"):
        raise RuleError(_("The recorder of a commendation does not change."), "recorded_by")


# --- pay first, then recover --------------------------------------------------------------
def _check_payment(session: Session, row: Recovery, remedy: Remedy) -> Complaint:
    if remedy.kind is not RemedyKind.PAY_FIRST:
        raise RuleError(
            _("A recovery follows a pay-first payment; “%(remedy)s” is not one.", remedy=remedy),
            "remedy",
        )
    if remedy.status is not RemedyStatus.APPROVED:
        raise RuleError(
            _(
                "Recovery starts only after the company's payment was approved (now: %(status)s).",
                status=remedy.status.label,
            ),
            "remedy",
        )
    complaint = related(session, row, "complaint", Complaint)
    if complaint is not None and complaint.id != remedy.complaint_id:
        raise RuleError(_("The payment belongs to another complaint."), "remedy")
    return remedy.complaint


def _due_elsewhere(session: Session, row: Recovery, remedy: Remedy) -> Decimal:
    with session.no_autoflush:
        total = session.scalar(
            select(func.coalesce(func.sum(Recovery.amount_due), 0)).where(
                Recovery.remedy_id == remedy.id,
                Recovery.id != row.id if row.id is not None else True,
            )
        )
    pending = sum(
        (
            r.amount_due or ZERO
            for r in session.new
            if isinstance(r, Recovery) and r is not row and r.remedy is remedy
        ),
        ZERO,
    )
    return Decimal(total) + pending


def check_recovery(session: Session, row: Recovery, actor: User | None, is_new: bool) -> None:
    """Opening or updating a recovery (see the module doc); dates are set here."""
    actor = require_actor(actor)
    if actor.role not in MANAGERS:
        raise RuleError(_("Recoveries are kept by %(roles)s.", roles=names(MANAGERS)), "staff")
    kept = ("complaint_id", "complaint", "remedy_id", "remedy", "staff_id", "staff", "opened_by_id")
    if not is_new and changed(row, *kept):
        raise RuleError(_("A recovery keeps its payment and its person."), "staff")
    remedy = related(session, row, "remedy", Remedy)
    staff = related(session, row, "staff", Staff)
    require(row, "remedy_id", remedy)
    require(row, "staff_id", staff)
    require(row, "amount_due", row.amount_due)
    complaint = _check_payment(session, row, remedy)
    row.complaint = complaint
    check_fault(complaint)
    check_responsible(session, complaint, staff)
    check_not_self(actor, staff, _("You may not keep a recovery from yourself."))
    check_own_department(actor, staff)
    if row.amount_recovered is None:
        row.amount_recovered = ZERO
    available = remedy.amount - _due_elsewhere(session, row, remedy)
    if row.amount_due > available:
        raise RuleError(
            _(
                "Amount due: at most ¥%(available)s of the ¥%(paid)s paid remains to recover.",
                available=f"{max(available, ZERO):,.2f}",
                paid=f"{remedy.amount:,.2f}",
            ),
            "amount_due",
        )
    if row.amount_recovered > row.amount_due:
        raise RuleError(
            _(
                "Amount recovered (¥%(recovered)s) cannot exceed the amount due (¥%(due)s).",
                recovered=f"{row.amount_recovered:,.2f}",
                due=f"{row.amount_due:,.2f}",
            ),
            "amount_recovered",
        )
    now = clock.now()
    if is_new:
        row.opened_by = actor
        row.opened_at = now
    if changed(row, "amount_recovered") and row.amount_recovered:
        row.last_recovered_at = now
    settled = row.amount_due > 0 and row.amount_recovered == row.amount_due
    row.settled_at = (row.settled_at or now) if settled else None
