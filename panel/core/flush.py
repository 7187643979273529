"""The session hooks that make the rules hold on every write path.

``before_flush`` numbers new complaints, classifies them, validates every status change,
remedy and callback against the acting user, and checks required fields and lengths;
``after_flush`` writes the audit trail. ORM bulk updates and deletes of the process tables are
refused, because they would skip all of this.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.attributes import get_history

from panel.access import rules as access_rules
from panel.access.roles import FRONT_DESK, HANDLERS, MANAGERS
from panel.complaints.enums import Status
from panel.complaints.history import Callback, ComplaintTransition
from panel.complaints.models import Complaint
from panel.complaints.rules import classification, intake, lifecycle
from panel.complaints.rules.numbering import next_complaint_number
from panel.core import clock
from panel.core.actor import current_actor
from panel.core.audit import writer as audit
from panel.core.audit.models import AuditEntry
from panel.core.errors import RuleError
from panel.core.integrity import check_session
from panel.penalties.models import Penalty
from panel.penalties.rules import check_flush as check_penalties
from panel.remedies import rules as authority
from panel.remedies.models import Remedy
from panel.security.sessions import end_sessions_on_account_changes

# Rows of these tables are kept for good: the process never deletes them.
KEPT = (Complaint, Remedy, ComplaintTransition, Callback, AuditEntry)
NO_BULK = (Complaint, Remedy, ComplaintTransition, Callback, AuditEntry, Penalty)


def _changed(obj, *keys) -> set[str]:
    return {key for key in keys if get_history(obj, key).has_changes()}


def _old(obj, key):
    history = get_history(obj, key)
    return history.deleted[0] if history.deleted else None


def before_flush(session: Session, _context, _instances) -> None:
    actor = current_actor()
    now = clock.now()
    audit.refuse_audit_changes(session)
    end_sessions_on_account_changes(session)  # a new password, role or deactivation logs out
    for obj in session.deleted:
        if isinstance(obj, KEPT):
            raise RuleError(_("Complaint records are archived, never deleted."))
    # Field permissions, before the rules below set fields themselves.
    access_rules.check_fields(session, actor)

    new_complaints = [o for o in session.new if isinstance(o, Complaint)]
    dirty_complaints = [
        o
        for o in session.dirty
        if isinstance(o, Complaint) and session.is_modified(o, include_collections=False)
    ]
    for complaint in new_complaints:
        intake.check_received_at(session, complaint.received_at, complaint.created_at or now, actor)
        if not complaint.number:
            day = (complaint.received_at or now).date()
            complaint.number = next_complaint_number(session, day)
        if complaint.received_at is None:
            complaint.received_at = now

    for remedy in [o for o in session.new if isinstance(o, Remedy)]:
        authority.check_new_remedy(session, remedy, actor)
    for remedy in [o for o in session.dirty if isinstance(o, Remedy)]:
        changed = _changed(
            remedy,
            "kind",
            "amount",
            "description",
            "status",
            "approver_id",
            "decided_at",
            "awaiting_role",
            "proposed_by_id",
            "decision_comment",
        )
        if changed:
            authority.check_remedy_change(session, remedy, actor, _old(remedy, "status"), changed)
    for callback in [o for o in session.new if isinstance(o, Callback)]:
        _check_callback(callback, actor)

    touched = set(new_complaints) | set(dirty_complaints)
    touched |= {
        o.complaint
        for o in session.new | session.dirty
        if isinstance(o, Remedy) and o.complaint is not None
    }
    for complaint in touched:
        is_new = complaint in new_complaints
        set_by_user = (
            (complaint.severity is not None) if is_new else bool(_changed(complaint, "severity"))
        )
        classification.classify(session, complaint, actor, set_by_user)
        if is_new:
            lifecycle.check_registration(session, complaint, actor, complaint.created_at or now)
        else:
            _check_complaint_change(session, complaint, actor, now)

    for entry in [o for o in session.new if isinstance(o, ComplaintTransition)]:
        if entry.complaint is None or entry not in entry.complaint.transitions:
            raise RuleError(_("Process history is written by the process itself."))
    check_penalties(session, actor)
    access_rules.check_scope(session, actor)
    check_session(session)
    session.info["audit_pending"] = (list(session.new), list(session.dirty), list(session.deleted))


def _check_complaint_change(session: Session, complaint: Complaint, actor, now) -> None:
    note = getattr(complaint, "transition_note", None) or {}
    if _changed(complaint, "received_at"):
        intake.check_received_at(session, complaint.received_at, complaint.created_at or now, actor)
    if _changed(complaint, "status"):
        intake.check_step_time(complaint.received_at, note.get("at") or now)
        old = _old(complaint, "status") or Status.REGISTERED
        lifecycle.check_transition(
            session, complaint, old, actor, note.get("at") or now, note.get("reason")
        )
        complaint.transition_note = None
    if _changed(complaint, "fault", "fault_evidence"):
        if actor is None or (
            actor.role not in MANAGERS
            and not (actor.role in HANDLERS and complaint.handler_id == actor.id)
        ):
            raise RuleError(
                _("Only the handler or a manager may record the fault attribution."), "fault"
            )
        if actor.staff_id is not None and actor.staff_id == complaint.complained_staff_id:
            raise RuleError(
                _("You are the person complained about and may not handle this complaint."), "fault"
            )
    if _changed(complaint, "reply_content") and complaint.status not in (
        Status.REGISTERED,
        Status.DISPATCHED,
        Status.INVESTIGATING,
        Status.REOPENED,
        Status.AWAITING_APPROVAL,
        Status.INVALID,
    ):
        raise RuleError(
            _("The approved reply can no longer change; reopen the complaint to answer again."),
            "reply_content",
        )


def _check_callback(callback: Callback, actor) -> None:
    complaint = callback.complaint
    if actor is None or actor.role not in FRONT_DESK:
        raise RuleError(_("Callbacks are made by the clerks or a manager."))
    status_before = (_old(complaint, "status") or complaint.status) if complaint else None
    if status_before is not Status.REPLIED:
        raise RuleError(
            _("A callback comes after the reply, not while the complaint is still in progress.")
        )
    callback.by = callback.by or actor


def after_flush(session: Session, _context) -> None:
    pending = session.info.pop("audit_pending", None)
    if pending:
        audit.write_entries(session, *pending)


def refuse_bulk_writes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, NO_BULK):
        raise RuleError(
            _(
                "Bulk changes of complaint records are refused: they would skip the "
                "rules and the audit trail. Change the rows one by one."
            )
        )


def install() -> None:
    """Attach the hooks to every SQLAlchemy session (idempotent)."""
    for name, function in (
        ("before_flush", before_flush),
        ("after_flush", after_flush),
        ("do_orm_execute", refuse_bulk_writes),
    ):
        if not event.contains(Session, name, function):
            event.listen(Session, name, function)
