"""The appeal (申诉): once per penalty, decided by someone not involved (001: the person handling
an appeal is never the person complained about).

- Filed against an approved penalty within the appeal period (setting
  ``penalties.appeal_days``), by the penalised person's own login or, on their behalf (many
  drivers have no login), by a customer-service clerk. A second appeal is refused; the
  database also holds one appeal per penalty.
- Decided by a manager who neither proposed nor approved the penalty, is not the penalised
  person and did not file the appeal; the decision gives a reason and makes the penalty
  upheld or revoked.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.access.roles import MANAGERS, names
from panel.core import clock
from panel.core.errors import RuleError
from panel.organisation.models.user import Role, User
from panel.organisation.settings import get_setting
from panel.penalties.models import AppealOutcome, Penalty, PenaltyAppeal, PenaltyStatus
from panel.penalties.rules import before, changed, related, require, require_actor
from panel.penalties.settings import APPEAL_DAYS

DECIDERS = MANAGERS
FILED = ("penalty_id", "penalty", "grounds", "filed_by_id", "filed_by", "filed_at")
OUTCOME_STATUS = {
    AppealOutcome.UPHELD: PenaltyStatus.UPHELD,
    AppealOutcome.REVOKED: PenaltyStatus.REVOKED,
}


def _earlier_appeal(session: Session, appeal: PenaltyAppeal, penalty: Penalty):
    if penalty.id is None:
        return None
    with session.no_autoflush:
        earlier = session.scalar(
            select(PenaltyAppeal).where(
                PenaltyAppeal.penalty_id == penalty.id,
                PenaltyAppeal.id != appeal.id if appeal.id is not None else True,
            )
        )
    if earlier is None:
        earlier = next(
            (
                a
                for a in session.new
                if isinstance(a, PenaltyAppeal) and a is not appeal and a.penalty is penalty
            ),
            None,
        )
    return earlier


def check_new_appeal(session: Session, appeal: PenaltyAppeal, actor: User | None):
    """Filing: see the module doc. Returns the penalty and the status it takes (appealed)."""
    actor = require_actor(actor)
    penalty = related(session, appeal, "penalty", Penalty)
    require(appeal, "penalty_id", penalty)
    status = before(penalty, "status")
    earlier = _earlier_appeal(session, appeal, penalty)
    if earlier is not None or status in (PenaltyStatus.UPHELD, PenaltyStatus.REVOKED):
        filed = earlier.filed_at if earlier is not None and earlier.filed_at else None
        raise RuleError(
            _(
                "This penalty was already appealed%(when)s; a penalty may be appealed only once.",
                when=f"（{filed:%Y-%m-%d}）" if filed else "",
            ),
            "penalty",
        )
    if status is not PenaltyStatus.APPROVED:
        raise RuleError(
            _("Only an approved penalty can be appealed (now: %(status)s).", status=status.label),
            "penalty",
        )
    if actor.role is not Role.CLERK and actor.staff_id != penalty.staff_id:
        raise RuleError(
            _(
                "An appeal is filed by the penalised person or, on their behalf, by a "
                "customer-service clerk."
            ),
            "penalty",
        )
    days = get_setting(session, APPEAL_DAYS)
    now = clock.now()
    if penalty.decided_at is not None and now > penalty.decided_at + timedelta(days=days):
        raise RuleError(
            _(
                "The appeal period of %(days)d days after the decision of %(date)s has passed.",
                days=days,
                date=f"{penalty.decided_at:%Y-%m-%d}",
            ),
            "penalty",
        )
    if appeal.outcome is not None or changed(appeal, "decided_by_id", "decided_by", "decided_at"):
        raise RuleError(_("An appeal is decided after it was filed."), "outcome")
    appeal.filed_by = actor
    appeal.filed_at = now
    penalty.status = PenaltyStatus.APPEALED
    return penalty, PenaltyStatus.APPEALED


def check_appeal_change(session: Session, appeal: PenaltyAppeal, actor: User | None):
    """Deciding (see the module doc). Returns the penalty and its new status, if decided."""
    actor = require_actor(actor)
    if changed(appeal, *FILED):
        raise RuleError(_("A filed appeal does not change; it is decided."), "grounds")
    if before(appeal, "outcome") is not None:
        raise RuleError(_("This appeal was decided and is final."), "outcome")
    if appeal.outcome is None:
        if changed(appeal, "decided_by_id", "decided_by", "decided_at"):
            raise RuleError(_("Decision data is set by the decision itself."), "outcome")
        return None
    penalty = appeal.penalty
    if actor.role not in DECIDERS:
        raise RuleError(_("Appeals are decided by %(roles)s.", roles=names(DECIDERS)), "outcome")
    involved = {penalty.proposed_by_id, penalty.approver_id, appeal.filed_by_id}
    if actor.id in involved or (actor.staff_id is not None and actor.staff_id == penalty.staff_id):
        raise RuleError(
            _(
                "You were involved in this penalty (proposed, approved, filed the appeal or are "
                "the penalised person); someone not involved decides the appeal."
            ),
            "outcome",
        )
    if not (appeal.decision_reason or "").strip():
        raise RuleError(_("Give the reason for the appeal decision."), "decision_reason")
    if before(penalty, "status") is not PenaltyStatus.APPEALED:
        raise RuleError(_("This penalty is not under appeal."), "outcome")
    appeal.decided_by = actor
    appeal.decided_at = clock.now()
    penalty.status = OUTCOME_STATUS[appeal.outcome]
    return penalty, penalty.status
