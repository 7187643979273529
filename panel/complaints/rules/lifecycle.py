"""The complaint lifecycle (DOMAIN.md "The process"): which step may follow which, by whom,
with what data. ``check_transition`` runs at flush time for every status change on any path;
the operations in ``panel.complaints.operations`` set the data and call it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.access.roles import FRONT_DESK, HANDLERS, MANAGERS, REGISTRARS, names
from panel.complaints.enums import Fault, Status
from panel.complaints.history import ComplaintTransition
from panel.complaints.models import Complaint
from panel.complaints.rules import deadlines
from panel.core.errors import RuleError
from panel.organisation.models.user import Role, User
from panel.remedies.models import RemedyStatus

S = Status


@dataclass(frozen=True)
class Step:
    """A lifecycle transition: its name, the states it leaves, the roles that may take it."""

    name: object
    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    handler_may: bool = False  # the advisor handling the complaint may take it too
    needs_reason: bool = False


STEPS = (
    Step(_l("Dispatch"), frozenset({S.REGISTERED, S.REOPENED}), S.DISPATCHED, FRONT_DESK),
    Step(
        _l("Start investigation"),
        frozenset({S.DISPATCHED}),
        S.INVESTIGATING,
        MANAGERS,
        handler_may=True,
    ),
    Step(
        _l("Submit for approval"),
        frozenset({S.INVESTIGATING, S.REOPENED}),
        S.AWAITING_APPROVAL,
        MANAGERS,
        handler_may=True,
    ),
    Step(_l("Approve remedy and reply"), frozenset({S.AWAITING_APPROVAL}), S.APPROVED, MANAGERS),
    Step(
        _l("Send back for more investigation"),
        frozenset({S.AWAITING_APPROVAL}),
        S.INVESTIGATING,
        MANAGERS,
        needs_reason=True,
    ),
    Step(
        _l("Reply to the customer"),
        frozenset({S.APPROVED}),
        S.REPLIED,
        FRONT_DESK,
        handler_may=True,
    ),
    Step(_l("Callback: satisfied"), frozenset({S.REPLIED}), S.CALLBACK_DONE, FRONT_DESK),
    Step(
        _l("Reopen"),
        frozenset({S.REPLIED, S.CALLBACK_DONE, S.CLOSED}),
        S.REOPENED,
        FRONT_DESK,
        needs_reason=True,
    ),
    Step(_l("Close"), frozenset({S.CALLBACK_DONE}), S.CLOSED, FRONT_DESK),
    Step(
        _l("Close as invalid"),
        frozenset({S.REGISTERED, S.DISPATCHED, S.INVESTIGATING}),
        S.INVALID,
        FRONT_DESK,
        handler_may=True,
        needs_reason=True,
    ),
    Step(
        _l("Pending on the customer"),
        frozenset({S.DISPATCHED, S.INVESTIGATING, S.AWAITING_APPROVAL, S.APPROVED, S.REPLIED}),
        S.PENDING_CUSTOMER,
        FRONT_DESK,
        handler_may=True,
        needs_reason=True,
    ),
)
RESUME = Step(
    _l("Resume"), frozenset({S.PENDING_CUSTOMER}), S.PENDING_CUSTOMER, FRONT_DESK, handler_may=True
)


def parked_from(session: Session, complaint: Complaint) -> Status | None:
    """The state a pending complaint was parked from, where resuming returns it."""
    with session.no_autoflush:
        return session.scalar(
            select(ComplaintTransition.from_status)
            .filter_by(complaint_id=complaint.id, to_status=S.PENDING_CUSTOMER)
            .order_by(ComplaintTransition.id.desc())
            .limit(1)
        )


def find_step(session: Session, complaint: Complaint, old: Status, new: Status) -> Step | None:
    if old is S.PENDING_CUSTOMER and new is not S.PENDING_CUSTOMER:
        return RESUME if parked_from(session, complaint) is new else None
    for step in STEPS:
        if old in step.sources and step.target is new:
            return step
    return None


def allowed_steps(session: Session, complaint: Complaint, actor: User) -> list[tuple[Step, Status]]:
    """The steps ``actor`` may try from the complaint's current state (for buttons)."""
    result = []
    for step in STEPS:
        if complaint.status in step.sources and _role_allows(step, complaint, actor):
            result.append((step, step.target))
    if complaint.status is S.PENDING_CUSTOMER and _role_allows(RESUME, complaint, actor):
        back = parked_from(session, complaint)
        if back is not None:
            result.append((RESUME, back))
    return result


def _role_allows(step: Step, complaint: Complaint, actor: User) -> bool:
    if actor.role in step.roles:
        return True
    return step.handler_may and actor.role in HANDLERS and complaint.handler_id == actor.id


def _is_complained_staff(actor: User, complaint: Complaint) -> bool:
    return actor.staff_id is not None and actor.staff_id == complaint.complained_staff_id


def check_registration(
    session: Session, complaint: Complaint, actor: User | None, at: datetime
) -> None:
    """A new complaint starts as registered, recorded by a clerk, advisor or manager."""
    if actor is None:
        raise RuleError(_("No acting user: complaints are registered on behalf of a named user."))
    if actor.role not in REGISTRARS:
        raise RuleError(_("A %(role)s may not register complaints.", role=actor.role.label))
    if complaint.status not in (None, S.REGISTERED):
        raise RuleError(
            _("A new complaint starts as registered; later states come from the process steps."),
            "status",
        )
    complaint.status = S.REGISTERED
    if complaint.recorded_by is None and complaint.recorded_by_id is None:
        complaint.recorded_by = actor
    due = deadlines.registration_due(session, complaint)
    _record(session, complaint, None, S.REGISTERED, actor, at, due, None)
    deadlines.set_due_times(session, complaint, at)


def check_transition(
    session: Session,
    complaint: Complaint,
    old: Status,
    actor: User | None,
    at: datetime,
    reason: str | None = None,
) -> None:
    """Validate the change ``old`` → ``complaint.status`` and apply its consequences:
    the transition record (on time or not), due times, reply/close times, reopen count."""
    new = complaint.status
    step = find_step(session, complaint, old, new)
    if step is None:
        raise RuleError(
            _("A complaint cannot go from %(old)s to %(new)s.", old=old.label, new=new.label),
            "status",
        )
    if actor is None:
        raise RuleError(_("No acting user: the process moves only on behalf of a named user."))
    if not _role_allows(step, complaint, actor):
        allowed = names(step.roles) + ("、" + _("the handler") if step.handler_may else "")
        raise RuleError(
            _(
                "“%(step)s” may be done by %(roles)s, not by a %(role)s.",
                step=step.name,
                roles=allowed,
                role=actor.role.label,
            ),
            "status",
        )
    if _is_complained_staff(actor, complaint):
        raise RuleError(
            _("You are the person complained about and may not handle this complaint."), "status"
        )
    if step.needs_reason and not (reason or "").strip():
        raise RuleError(_("“%(step)s” needs a reason.", step=step.name), "reason")
    _check_data(complaint, old, new)
    _apply(complaint, old, new, at)
    _record(session, complaint, old, new, actor, at, complaint.step_due_at, reason)
    deadlines.set_due_times(session, complaint, at)


def _check_data(complaint: Complaint, old: Status, new: Status) -> None:
    """What each state needs to hold before the complaint may enter it."""
    active = [r for r in complaint.remedies if r.is_active]
    if (
        new is S.DISPATCHED
        and complaint.responsible_department_id is None
        and complaint.responsible_department is None
    ):
        raise RuleError(
            _("Choose the responsible department before dispatching."), "responsible_department"
        )
    if new is S.INVESTIGATING and old is S.DISPATCHED:
        handler = complaint.handler
        if handler is None:
            raise RuleError(_("Choose the handler (responsible person) first."), "handler")
        if handler.role not in HANDLERS:
            raise RuleError(_("The handler must be an advisor or a manager."), "handler")
        if _is_complained_staff(handler, complaint):
            raise RuleError(_("The handler may not be the person complained about."), "handler")
    if new is S.AWAITING_APPROVAL:
        if not active:
            raise RuleError(_("Propose at least one remedy before submitting for approval."))
        if not (complaint.reply_content or "").strip():
            raise RuleError(
                _("Write the reply to the customer before submitting."), "reply_content"
            )
    if new is S.APPROVED:
        if any(r.status is RemedyStatus.PROPOSED for r in complaint.remedies):
            raise RuleError(_("Some remedies still wait for a decision."))
        if not any(r.status is RemedyStatus.APPROVED for r in complaint.remedies):
            raise RuleError(_("No remedy was approved; send the complaint back instead."))
    if new is S.CALLBACK_DONE:
        latest = complaint.callbacks[-1] if complaint.callbacks else None
        if latest is None or not latest.satisfied:
            raise RuleError(_("Record a satisfied callback first."))
    if new is S.CLOSED:
        if complaint.fault is None:
            raise RuleError(_("Record the fault attribution before closing."), "fault")
        if not (complaint.fault_evidence or "").strip():
            raise RuleError(
                _("Record the evidence for the fault attribution before closing."), "fault_evidence"
            )
    if new is S.INVALID:
        if complaint.fault in (Fault.OURS, Fault.BOTH):
            raise RuleError(
                _("A complaint found to be our fault cannot be closed as invalid."), "fault"
            )
        if not (complaint.reply_content or "").strip():
            raise RuleError(
                _("Write the tactful reply to the customer before closing as invalid."),
                "reply_content",
            )


def _apply(complaint: Complaint, old: Status, new: Status, at: datetime) -> None:
    if new is S.REPLIED:
        complaint.replied_at = at
    if new in (S.CLOSED, S.INVALID):
        complaint.closed_at = at
    if new is S.REOPENED:
        complaint.reopen_count = (complaint.reopen_count or 0) + 1
        complaint.closed_at = None


def _record(
    session: Session,
    complaint: Complaint,
    old: Status | None,
    new: Status,
    actor: User,
    at: datetime,
    due: datetime | None,
    reason: str | None,
) -> None:
    entry = ComplaintTransition(
        from_status=old,
        to_status=new,
        actor=actor,
        at=at,
        due_at=due,
        on_time=None if due is None else at <= due,
        reason=reason,
    )
    complaint.transitions.append(entry)
    session.add(entry)
