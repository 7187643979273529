"""Authority over remedies: who may grant what, up to how much, and who approves the rest.

The limits are data (``authority_limit``). These checks run at flush time for every remedy
row, whatever wrote it; the functions at the bottom are the operations the views call.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.access.roles import APPROVAL_LADDER, MANAGERS, PROPOSERS, names
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.organisation.models.user import Role, User
from panel.remedies.limits import AuthorityLimit
from panel.remedies.models import Remedy, RemedyKind, RemedyStatus

# A remedy may be proposed while the complaint is being worked on.
PROPOSING_STATUSES = frozenset({Status.INVESTIGATING, Status.AWAITING_APPROVAL, Status.REOPENED})


def limit_of(session: Session, role: Role, kind: RemedyKind) -> AuthorityLimit | None:
    """The role's row for this kind of remedy, or None when the role may not grant it."""
    with session.no_autoflush:
        return session.scalar(select(AuthorityLimit).filter_by(role=role, remedy_kind=kind))


def can_grant(session: Session, role: Role, kind: RemedyKind, amount: Decimal) -> bool:
    """Whether ``role`` may grant a remedy of ``kind`` and ``amount`` by itself."""
    limit = limit_of(session, role, kind)
    return limit is not None and limit.covers(amount)


def approving_role(session: Session, kind: RemedyKind, amount: Decimal) -> Role:
    """The lowest rung of the approval ladder whose limit covers the remedy."""
    for role in APPROVAL_LADDER:
        if can_grant(session, role, kind, amount):
            return role
    raise RuleError(
        _(
            "No role may grant %(kind)s of ¥%(amount)s; raise a limit in the authority table.",
            kind=kind.label,
            amount=f"{amount:,.2f}",
        ),
        "amount",
    )


def _actor_required(actor: User | None) -> User:
    if actor is None:
        raise RuleError(_("No acting user: remedies change only on behalf of a named user."))
    return actor


def _is_complained_staff(actor: User, complaint: Complaint) -> bool:
    return actor.staff_id is not None and actor.staff_id == complaint.complained_staff_id


def check_new_remedy(session: Session, remedy: Remedy, actor: User | None) -> None:
    """A proposal: by an advisor or manager while the complaint is worked on.

    Within the proposer's own limit (and not compensation) it is granted at once; otherwise it
    waits for the lowest role whose limit covers it.
    """
    actor = _actor_required(actor)
    complaint = remedy.complaint or session.get(Complaint, remedy.complaint_id)
    if actor.role not in PROPOSERS:
        raise RuleError(
            _(
                "A %(role)s may not propose remedies; only %(roles)s may. A clerk relays what "
                "was approved.",
                role=actor.role.label,
                roles=names(PROPOSERS),
            ),
            "kind",
        )
    if complaint.status not in PROPOSING_STATUSES:
        raise RuleError(
            _(
                "Remedies can be proposed only while the complaint is being investigated "
                "(now: %(status)s).",
                status=complaint.status.label,
            )
        )
    if _is_complained_staff(actor, complaint):
        raise RuleError(_("You are the person complained about and may not handle this complaint."))
    if remedy.status not in (None, RemedyStatus.PROPOSED):
        raise RuleError(_("A new remedy starts as a proposal."), "status")
    remedy.proposed_by = actor
    remedy.proposed_at = remedy.proposed_at or clock.now()
    remedy.awaiting_role = approving_role(session, remedy.kind, remedy.amount)
    own_grant = remedy.kind is not RemedyKind.COMPENSATION and can_grant(
        session, actor.role, remedy.kind, remedy.amount
    )
    if own_grant:
        remedy.status = RemedyStatus.APPROVED
        remedy.approver = actor
        remedy.decided_at = clock.now()
        remedy.decision_comment = _("Within the proposer's own authority.")
    else:
        remedy.status = RemedyStatus.PROPOSED


def check_remedy_change(
    session: Session,
    remedy: Remedy,
    actor: User | None,
    old_status: RemedyStatus | None,
    changed: set[str],
) -> None:
    """Any change to an existing remedy, by any path: a decision, a withdrawal or an edit."""
    actor = _actor_required(actor)
    if old_status is None:
        old_status = remedy.status
    if old_status is not RemedyStatus.PROPOSED:
        raise RuleError(
            _(
                "This remedy was already decided (%(status)s) and can no longer change.",
                status=old_status.label,
            )
        )
    if remedy.status is RemedyStatus.PROPOSED:
        _check_edit(session, remedy, actor, changed)
    elif remedy.status is RemedyStatus.APPROVED:
        _check_decision(session, remedy, actor)
    elif remedy.status is RemedyStatus.REJECTED:
        _check_decision(session, remedy, actor)
        if not (remedy.decision_comment or "").strip():
            raise RuleError(_("Give the reason for rejecting the remedy."), "decision_comment")
    elif remedy.status is RemedyStatus.WITHDRAWN:
        if remedy.proposed_by_id != actor.id:
            raise RuleError(_("Only the proposer may withdraw a remedy."))
        remedy.decided_at = clock.now()


def _check_edit(session: Session, remedy: Remedy, actor: User, changed: set[str]) -> None:
    if changed & {"kind", "amount", "description"}:
        if remedy.proposed_by_id != actor.id:
            raise RuleError(
                _("Only the proposer may change a proposal; others approve or reject it.")
            )
        remedy.awaiting_role = approving_role(session, remedy.kind, remedy.amount)
    if changed & {"approver_id", "decided_at", "awaiting_role", "proposed_by_id"}:
        raise RuleError(_("Approval data is set by the approval itself."))


def _check_decision(session: Session, remedy: Remedy, actor: User) -> None:
    """Approve or reject: never the proposer, never the complained person, within authority."""
    complaint = remedy.complaint
    if remedy.proposed_by_id == actor.id:
        raise RuleError(_("You proposed this remedy; someone else must decide on it."))
    if _is_complained_staff(actor, complaint):
        raise RuleError(
            _("You are the person complained about and may not decide on this complaint.")
        )
    if actor.role not in MANAGERS:
        raise RuleError(
            _("Only %(roles)s may decide on remedies.", roles=names(MANAGERS)), "status"
        )
    if not can_grant(session, actor.role, remedy.kind, remedy.amount):
        limit = limit_of(session, actor.role, remedy.kind)
        ceiling = (
            _("none")
            if limit is None
            else (_("no limit") if limit.max_amount is None else f"¥{limit.max_amount:,.2f}")
        )
        raise RuleError(
            _(
                "%(kind)s of ¥%(amount)s is beyond your authority (%(role)s, limit %(limit)s); "
                "it waits for approval by %(approver)s.",
                kind=remedy.kind.label,
                amount=f"{remedy.amount:,.2f}",
                role=actor.role.label,
                limit=ceiling,
                approver=remedy.awaiting_role.label,
            ),
            "status",
        )
    remedy.approver = actor
    remedy.decided_at = clock.now()


# --- operations ---------------------------------------------------------------------------


def propose_remedy(
    session: Session,
    complaint: Complaint,
    actor: User,
    kind: RemedyKind,
    amount: Decimal,
    description: str,
) -> Remedy:
    """Propose a remedy; returns it granted (within the proposer's limit) or awaiting approval."""
    remedy = Remedy(complaint=complaint, kind=kind, amount=amount, description=description)
    session.add(remedy)
    with acting_as(actor):
        session.flush()
    return remedy


def decide_remedy(
    session: Session, remedy: Remedy, actor: User, approve: bool, comment: str | None = None
) -> Remedy:
    """Approve or reject a proposal in one step, with an optional (for rejection: required)
    comment."""
    remedy.status = RemedyStatus.APPROVED if approve else RemedyStatus.REJECTED
    remedy.decision_comment = comment
    with acting_as(actor):
        session.flush()
    return remedy


def withdraw_remedy(session: Session, remedy: Remedy, actor: User) -> Remedy:
    """The proposer takes a proposal back."""
    remedy.status = RemedyStatus.WITHDRAWN
    with acting_as(actor):
        session.flush()
    return remedy
