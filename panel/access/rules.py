"""Flush-time rules of access: field permissions, immutable evidence, read-only roles and
department scope. Called from ``panel.core.flush.before_flush``, so that CLI commands, imports
and scripts obey them like the panel.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import PASSIVE_NO_INITIALIZE, get_history

from panel.access import fields as permissions
from panel.access import scope
from panel.access.roles import HANDLERS, READ_ONLY_ROLES, names
from panel.complaints.evidence import Attachment
from panel.complaints.history import Callback
from panel.complaints.models import Complaint
from panel.complaints.rules import lifecycle
from panel.core.errors import RuleError
from panel.core.models import field_label
from panel.organisation.models.user import User
from panel.penalties.models import Penalty
from panel.remedies.models import Remedy

# Rows that belong to a complaint: changing them is acting on the complaint.
COMPLAINT_PARTS = (Remedy, Callback, Penalty, Attachment)


def check_fields(session: Session, actor: User | None) -> None:
    """Field permissions: run before the rules that set fields themselves (classification
    raises the severity, transitions set due times), so only the actor's changes are seen."""
    _check_attachments_immutable(session)
    if actor is None:  # the process rules themselves insist on a named user where it matters
        return
    with session.no_autoflush:
        for complaint in [o for o in session.new if isinstance(o, Complaint)]:
            _check_fields(actor, complaint, _set_on_insert(complaint), is_new=True)
        for complaint in [o for o in session.dirty if isinstance(o, Complaint)]:
            if session.is_modified(complaint, include_collections=False):
                _check_fields(actor, complaint, changed_keys(complaint), is_new=False)


def check_scope(session: Session, actor: User | None) -> None:
    """Read-only roles change nothing; department roles change only their department's
    complaints (and what belongs to them). Runs after the process rules, whose refusals
    name the step and are the more useful message."""
    if actor is None:
        return
    with session.no_autoflush:
        for obj in _touched(session):
            if actor.role in READ_ONLY_ROLES:
                raise RuleError(
                    _("A %(role)s reads complaints and changes nothing.", role=actor.role.label)
                )
            for stored in _complaints_behind(session, obj):
                if not scope.may_see(actor, None, stored):
                    raise RuleError(
                        _(
                            "Complaint %(number)s belongs to another department; you may "
                            "not change it.",
                            number=stored["number"],
                        )
                    )


def _touched(session: Session):
    for obj in list(session.new) + list(session.deleted):
        if isinstance(obj, (Complaint, *COMPLAINT_PARTS)):
            yield obj
    for obj in list(session.dirty):
        if isinstance(obj, (Complaint, *COMPLAINT_PARTS)) and session.is_modified(
            obj, include_collections=False
        ):
            yield obj


def _complaints_behind(session: Session, obj):
    """The stored complaint(s) a change acts on, as their scope columns hold them now (read
    from the database, so that no pending change of the instances is loaded over)."""
    state = inspect(obj)
    if isinstance(obj, Complaint):
        ids = {state.identity[0]} if state.identity else set()
    else:
        ids = {state.dict.get("complaint_id")}
        ids.update(get_history(obj, "complaint_id", passive=PASSIVE_NO_INITIALIZE).deleted or ())
        parent = state.dict.get("complaint")
        if parent is not None:
            parent_state = inspect(parent)
            ids.add(parent_state.identity[0] if parent_state.identity else None)
        if state.identity and "complaint_id" not in state.dict:
            ids.add(
                session.scalar(
                    select(type(obj).complaint_id).where(
                        inspect(type(obj)).primary_key[0] == state.identity[0]
                    )
                )
            )
    ids.discard(None)
    if not ids:
        return []  # a part of a complaint registered in this very flush
    columns = (Complaint.number, *(getattr(Complaint, key) for key in SCOPE_KEYS))
    return session.execute(select(*columns).where(Complaint.id.in_(ids))).mappings().all()


SCOPE_KEYS = (
    "handler_id",
    "recorded_by_id",
    "complained_department_id",
    "responsible_department_id",
)


def changed_keys(obj) -> set[str]:
    """Column keys changed on ``obj``, including foreign keys set through a relationship.

    Histories are read without loading anything: loading an expired instance would fold its
    pending changes into its loaded state and hide them from this check.
    """
    mapper = inspect(obj).mapper
    changed = {
        a.key
        for a in mapper.column_attrs
        if get_history(obj, a.key, passive=PASSIVE_NO_INITIALIZE).has_changes()
    }
    for relationship in mapper.relationships:
        if relationship.uselist:
            continue
        if get_history(obj, relationship.key, passive=PASSIVE_NO_INITIALIZE).has_changes():
            changed.update(column.key for column in relationship.local_columns)
    return changed


def _set_on_insert(complaint: Complaint) -> set[str]:
    """Fields a new complaint carries values for beyond the defaults."""
    keys = set()
    for key in permissions.DIRECT_FIELDS:
        value = getattr(complaint, key)
        relation = key[:-3] if key.endswith("_id") else None
        if relation and getattr(complaint, relation, None) is not None:
            value = value or getattr(complaint, relation)
        if value not in (None, "", False, 0):
            keys.add(key)
    return keys


def _check_fields(actor: User, complaint: Complaint, keys: set[str], is_new: bool) -> None:
    allowed = permissions.writable_fields(actor.role, Complaint)
    for key in sorted(keys & permissions.DIRECT_FIELDS - allowed):
        may = [r for r, f in permissions.WRITABLE_COMPLAINT_FIELDS.items() if key in f]
        raise RuleError(
            _(
                "%(field)s may be set by %(roles)s, not by a %(role)s.",
                field=field_label(Complaint, key),
                roles=names(may),
                role=actor.role.label,
            ),
            key,
        )
    if is_new:
        return
    stepping = "status" in keys  # the step's own rule judges, with its own message
    for key in sorted(keys & permissions.PROCESS_FIELDS):
        if key in permissions.SET_BY_RULES or not (stepping or _may_take(actor, complaint, key)):
            raise RuleError(
                _(
                    "%(field)s changes only through the process steps.",
                    field=field_label(Complaint, key),
                ),
                key,
            )


def _may_take(actor: User, complaint: Complaint, key: str) -> bool:
    """Whether ``actor`` may take a step that sets ``key`` (its status rule checks the rest).

    Judged by role rather than by a status change in the same flush: an autoflush may write
    the step's data before its status."""
    targets = permissions.SET_BY_STEP[key]
    for step in lifecycle.STEPS:
        if step.target not in targets:
            continue
        if actor.role in step.roles:
            return True
        if step.handler_may and actor.role in HANDLERS and complaint.handler_id == actor.id:
            return True
    return False


def _check_attachments_immutable(session: Session) -> None:
    for obj in session.deleted:
        if isinstance(obj, Attachment):
            raise RuleError(_("Evidence files are archived with the complaint, never deleted."))
    for obj in session.dirty:
        if isinstance(obj, Attachment) and session.is_modified(obj):
            raise RuleError(_("An evidence file cannot be changed once uploaded."))
