"""The penalty rules at flush time, whatever wrote the rows: form, inline edit, bulk action,
CLI, import or a script. ``panel.core.flush.before_flush`` calls :func:`check_flush`.

Shared here: who counts as responsible for a complaint, the fault precondition, and the
department a department manager may act for.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from panel.complaints.enums import Fault
from panel.complaints.models import Complaint
from panel.core.errors import RuleError
from panel.core.models import field_label
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
from panel.penalties.models import Penalty, PenaltyAppeal
from panel.penalties.records import Commendation, Recovery, Responsibility
from panel.penalties.schedule import Offence

AT_FAULT = frozenset({Fault.OURS, Fault.BOTH})
# Rows the ledger is built from: kept for good, never deleted.
KEPT = (Penalty, PenaltyAppeal, Commendation, Recovery)


def changed(obj, *keys) -> set[str]:
    """The attributes among ``keys`` that this flush changes."""
    return {key for key in keys if get_history(obj, key).has_changes()}


def before(obj, key):
    """The value ``key`` had before this flush (the current one when unchanged)."""
    history = get_history(obj, key)
    if history.deleted:
        return history.deleted[0]
    state = inspect(obj)
    if history.added and state.persistent:  # set without loading the stored value first
        column = state.mapper.columns[key]
        (key_column,) = state.mapper.primary_key
        with state.session.no_autoflush:
            return state.session.scalar(select(column).where(key_column == state.identity[0]))
    return getattr(obj, key)


def require_actor(actor: User | None) -> User:
    if actor is None:
        raise RuleError(_("No acting user: penalty records change only on behalf of a named user."))
    return actor


def related(session: Session, obj, relation: str, model):
    """``obj.<relation>``; when only its foreign key was set (a script), the row it names."""
    key = getattr(obj, f"{relation}_id")
    value = getattr(obj, relation)
    if key is None or get_history(obj, relation).has_changes():
        return value
    if value is None or value.id != key:
        with session.no_autoflush:
            value = session.get(model, key)
    return value


def responsible_staff_ids(session: Session, complaint: Complaint) -> set[int]:
    """Who is responsible for the complaint: the people named in ``complaint_responsibility``
    (pending changes of this flush included); when nobody is named, the complained staff."""
    with session.no_autoflush:
        rows = set(
            session.scalars(select(Responsibility).filter_by(complaint_id=complaint.id))
            if complaint.id is not None
            else ()
        )
    rows |= {
        r
        for r in session.new
        if isinstance(r, Responsibility)
        and (r.complaint is complaint or r.complaint_id == complaint.id)
    }
    rows -= set(session.deleted)
    named = {r.staff_id if r.staff_id is not None else r.staff.id for r in rows}
    if named:
        return named
    return {complaint.complained_staff_id} if complaint.complained_staff_id else set()


def check_fault(complaint: Complaint) -> None:
    """Penalties and recoveries need the complaint's fault to be ours or both, with evidence."""
    if complaint.fault not in AT_FAULT or not (complaint.fault_evidence or "").strip():
        raise RuleError(
            _(
                "Complaint %(number)s: a penalty needs the fault attributed to us or to both "
                "parties, with evidence (now: %(fault)s).",
                number=complaint.number,
                fault=complaint.fault.label if complaint.fault else _("not recorded"),
            ),
            "complaint",
        )


def check_responsible(session: Session, complaint: Complaint, staff: Staff) -> None:
    if staff.id not in responsible_staff_ids(session, complaint):
        raise RuleError(
            _(
                "%(staff)s is not named responsible for complaint %(number)s; name the "
                "responsible staff on the complaint first.",
                staff=staff,
                number=complaint.number,
            ),
            "staff",
        )


def check_own_department(actor: User, staff: Staff) -> None:
    """A department manager acts only for the staff of their own department (the department
    the person belongs to, which keeps their performance points)."""
    if actor.role is not Role.DEPT_MANAGER:
        return
    own = actor.staff.department_id if actor.staff is not None else None
    if own is None or own != staff.department_id:
        raise RuleError(
            _(
                "%(staff)s belongs to %(department)s; a department manager acts only for the "
                "staff of their own department.",
                staff=staff,
                department=staff.department.name if staff.department else "—",
            ),
            "staff",
        )


def check_not_self(actor: User, staff: Staff, message) -> None:
    if actor.staff_id is not None and actor.staff_id == staff.id:
        raise RuleError(message, "staff")


def require(obj, attribute: str, value) -> None:
    if value is None:
        raise RuleError(
            _("%(field)s is required.", field=field_label(type(obj), attribute)), attribute
        )


def check_flush(session: Session, actor: User | None) -> None:
    """Check every penalty-related row this flush writes; derived fields are set here."""
    from panel.penalties.rules import appeal as rules_appeal
    from panel.penalties.rules import penalty as rules_penalty
    from panel.penalties.rules import records as rules_records

    buckets: dict[type, tuple[list, list]] = {}
    for obj in session.deleted:
        if isinstance(obj, KEPT):
            raise RuleError(_("Penalty records are kept for the staff ledger, never deleted."))
        if isinstance(obj, Responsibility):
            rules_records.check_responsibility_removal(session, obj, actor)
        if isinstance(obj, Offence):
            rules_records.check_offence_removal(session, obj, actor)
    for obj in session.new:
        buckets.setdefault(type(obj), ([], []))[0].append(obj)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            buckets.setdefault(type(obj), ([], []))[1].append(obj)
    if not any(model in buckets for model in (*KEPT, Responsibility, Offence)):
        return

    for model, (new, dirty) in buckets.items():
        if model is Offence:
            for offence in new + dirty:
                rules_records.check_offence(offence, actor)
        elif model is Responsibility:
            for row in new:
                rules_records.check_new_responsibility(session, row, actor)
            for row in dirty:
                rules_records.check_responsibility_change(session, row, actor)

    sanctioned: dict[Penalty, object] = {}
    new_appeals, dirty_appeals = buckets.get(PenaltyAppeal, ([], []))
    for appeal in new_appeals:
        penalty, status = rules_appeal.check_new_appeal(session, appeal, actor)
        sanctioned[penalty] = status
    for appeal in dirty_appeals:
        result = rules_appeal.check_appeal_change(session, appeal, actor)
        if result:
            sanctioned[result[0]] = result[1]

    for penalty in buckets.get(Penalty, ([], []))[0]:
        rules_penalty.check_new_penalty(session, penalty, actor)
    for penalty in [p for p in session.dirty if isinstance(p, Penalty)]:
        if penalty not in session.new and session.is_modified(penalty, include_collections=False):
            rules_penalty.check_penalty_change(session, penalty, actor, sanctioned.get(penalty))

    new, dirty = buckets.get(Commendation, ([], []))
    for row in new + dirty:
        rules_records.check_commendation(session, row, actor, is_new=row in new)
    new, dirty = buckets.get(Recovery, ([], []))
    for row in new + dirty:
        rules_records.check_recovery(session, row, actor, is_new=row in new)
