"""Proposing and deciding a penalty (004 §九, 001 乘客投诉流程).

- Proposed by a department manager (for the staff of their own department) or a service
  manager, only when the complaint's fault is ours or both, with evidence, and the person is
  named responsible; the points fall in the offence's range; the major demerit and the
  circular follow the schedule.
- Decided by a role above the proposer's on the approval ladder: never the proposer, never
  the penalised person. The preconditions are checked again at approval.
- A decided penalty changes only through its one appeal (:mod:`panel.penalties.rules.appeal`).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.access.roles import APPROVAL_LADDER, PENALTY_PROPOSERS, names
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.errors import RuleError
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
from panel.penalties.models import FINAL, Penalty, PenaltyKind, PenaltyStatus
from panel.penalties.rules import (
    before,
    changed,
    check_fault,
    check_not_self,
    check_own_department,
    check_responsible,
    related,
    require,
    require_actor,
)
from panel.penalties.schedule import Offence, OffenceScope, Requirement

CONTENT = (
    "complaint_id",
    "complaint",
    "staff_id",
    "staff",
    "offence_id",
    "offence",
    "points",
    "major_demerit",
    "circular",
    "reason",
    "note",
)
DECISION = (
    "approver_id",
    "approver",
    "decided_at",
    "proposed_by_id",
    "proposed_by",
    "proposed_at",
)
CLOSED_STATUSES = frozenset({PenaltyStatus.REJECTED, PenaltyStatus.REVOKED})


def deciders_for(proposer_role: Role | None) -> frozenset[Role]:
    """The roles above the proposer's on the approval ladder."""
    rung = APPROVAL_LADDER.index(proposer_role) if proposer_role in APPROVAL_LADDER else 0
    return frozenset(APPROVAL_LADDER[rung + 1 :])


def derive_kind(penalty: Penalty) -> PenaltyKind:
    """What the penalty is called on its notice: the heaviest thing it carries."""
    if penalty.major_demerit:
        return PenaltyKind.MAJOR_DEMERIT
    if penalty.circular:
        return PenaltyKind.CIRCULAR
    return PenaltyKind.POINTS if penalty.points else PenaltyKind.WARNING


def check_preconditions(
    session: Session, penalty: Penalty, proposing: bool = True
) -> tuple[Complaint, Staff, Offence]:
    """Fault, responsibility, schedule and range: checked at proposal, edit and approval.

    When ``proposing``, a sanction the offence always carries is added; at approval a missing
    one is refused instead (the approver decides the proposal as it stands)."""
    complaint = related(session, penalty, "complaint", Complaint)
    staff = related(session, penalty, "staff", Staff)
    offence = related(session, penalty, "offence", Offence)
    require(penalty, "complaint_id", complaint)
    require(penalty, "staff_id", staff)
    require(penalty, "offence_id", offence)
    check_fault(complaint)
    check_responsible(session, complaint, staff)
    if not offence.active:
        raise RuleError(
            _("“%(offence)s” is no longer in the penalty schedule.", offence=offence), "offence"
        )
    if offence.scope is OffenceScope.DRIVER and not staff.is_driver:
        raise RuleError(
            _(
                "“%(offence)s” applies to taxi drivers only; %(staff)s is not a driver.",
                offence=offence,
                staff=staff,
            ),
            "offence",
        )
    points = penalty.points
    if points is None or not offence.min_points <= points <= offence.max_points:
        raise RuleError(
            _(
                "Points deducted: “%(offence)s” carries %(low)d to %(high)d points (entered: "
                "%(points)s).",
                offence=offence,
                low=offence.min_points,
                high=offence.max_points,
                points="—" if points is None else points,
            ),
            "points",
        )
    for attribute, rule, label in (
        ("major_demerit", offence.demerit, _("a major demerit")),
        ("circular", offence.circular, _("a company-wide circular")),
    ):
        if rule is Requirement.ALWAYS and proposing:
            setattr(penalty, attribute, True)
        elif rule is Requirement.ALWAYS and not getattr(penalty, attribute):
            raise RuleError(
                _("“%(offence)s” always carries %(what)s.", offence=offence, what=label),
                attribute,
            )
        elif rule is Requirement.NEVER and getattr(penalty, attribute):
            raise RuleError(
                _("“%(offence)s” does not carry %(what)s.", offence=offence, what=label),
                attribute,
            )
        elif getattr(penalty, attribute) is None:
            setattr(penalty, attribute, False)
    penalty.kind = derive_kind(penalty)
    return complaint, staff, offence


def _check_duplicate(session: Session, penalty: Penalty, complaint, staff, offence) -> None:
    with session.no_autoflush:
        other = session.scalar(
            select(Penalty.id).where(
                Penalty.complaint_id == complaint.id,
                Penalty.staff_id == staff.id,
                Penalty.offence_id == offence.id,
                Penalty.status.not_in(CLOSED_STATUSES),
                Penalty.id != penalty.id if penalty.id is not None else True,
            )
        )
    if other is not None:
        raise RuleError(
            _(
                "%(staff)s already has a penalty for “%(offence)s” on complaint %(number)s.",
                staff=staff,
                offence=offence,
                number=complaint.number,
            ),
            "offence",
        )


def _check_proposer(session: Session, penalty: Penalty, actor: User) -> None:
    if actor.role not in PENALTY_PROPOSERS:
        raise RuleError(
            _(
                "A %(role)s may not propose penalties; only %(roles)s may.",
                role=actor.role.label,
                roles=names(PENALTY_PROPOSERS),
            ),
            "staff",
        )
    complaint, staff, offence = check_preconditions(session, penalty)
    check_not_self(actor, staff, _("You may not propose a penalty on yourself."))
    check_own_department(actor, staff)
    _check_duplicate(session, penalty, complaint, staff, offence)


def check_new_penalty(session: Session, penalty: Penalty, actor: User | None) -> None:
    """A new penalty is a proposal by a department or service manager (see module doc)."""
    actor = require_actor(actor)
    if penalty.status not in (None, PenaltyStatus.PROPOSED):
        raise RuleError(
            _("A new penalty starts as a proposal; a higher role approves it."), "status"
        )
    _check_proposer(session, penalty, actor)
    penalty.status = PenaltyStatus.PROPOSED
    penalty.proposed_by = actor
    penalty.proposed_at = clock.now()
    penalty.approver = None
    penalty.decided_at = None


def check_penalty_change(
    session: Session, penalty: Penalty, actor: User | None, sanctioned=None
) -> None:
    """Any change to a recorded penalty: the proposer's edit, a decision, or an appeal step
    (``sanctioned``: the status the appeal rules set in this flush)."""
    actor = require_actor(actor)
    old = before(penalty, "status")
    new = penalty.status
    edits = changed(penalty, *CONTENT)
    if old is PenaltyStatus.PROPOSED and new is PenaltyStatus.PROPOSED:
        if changed(penalty, *DECISION):
            raise RuleError(_("Approval data is set by the approval itself."), "status")
        if edits:
            if penalty.proposed_by_id != actor.id:
                raise RuleError(
                    _("Only the proposer may change a proposal; others approve or reject it."),
                    sorted(edits)[0],
                )
            _check_proposer(session, penalty, actor)
        return
    if old is PenaltyStatus.PROPOSED and new in (PenaltyStatus.APPROVED, PenaltyStatus.REJECTED):
        if edits:
            raise RuleError(
                _("Decide on the proposal as it stands; only the proposer changes it."),
                sorted(edits)[0],
            )
        _check_decision(session, penalty, actor)
        return
    if sanctioned is not None and new is sanctioned and not edits:
        return  # an appeal filed or decided in this flush (checked by the appeal rules)
    if old is PenaltyStatus.PROPOSED:
        raise RuleError(_("A proposed penalty is approved or rejected first."), "status")
    if old is PenaltyStatus.APPROVED:
        raise RuleError(
            _(
                "This penalty was approved and no longer changes; the penalised person may "
                "appeal once."
            ),
            "status",
        )
    if old is PenaltyStatus.APPEALED:
        raise RuleError(
            _("This penalty is under appeal; only the appeal decision changes it."), "status"
        )
    if old in FINAL:
        raise RuleError(
            _("This penalty is final (%(status)s) and no longer changes.", status=old.label),
            "status",
        )


def _check_decision(session: Session, penalty: Penalty, actor: User) -> None:
    """Approve or reject: a role above the proposer's, never the proposer or the penalised."""
    proposer = penalty.proposed_by
    if penalty.proposed_by_id == actor.id:
        raise RuleError(_("You proposed this penalty; someone else must decide on it."), "status")
    staff = related(session, penalty, "staff", Staff)
    check_not_self(actor, staff, _("You are the penalised person and may not decide on this."))
    deciders = deciders_for(proposer.role if proposer else None)
    if actor.role not in deciders:
        raise RuleError(
            _(
                "A penalty proposed by a %(proposer)s is decided by %(roles)s, a higher role.",
                proposer=proposer.role.label if proposer else "—",
                roles=names(deciders) or "—",
            ),
            "status",
        )
    if penalty.status is PenaltyStatus.APPROVED:
        check_preconditions(session, penalty, proposing=False)
    elif not (penalty.decision_comment or "").strip():
        raise RuleError(_("Give the reason for rejecting the penalty."), "decision_comment")
    penalty.approver = actor
    penalty.decided_at = clock.now()
