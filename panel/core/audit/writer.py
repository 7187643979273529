"""The audit trail: every insert, update and delete of the audited tables, whatever the path,
with actor, time and each field's before and after. Append-only (also enforced in the DB)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from panel.complaints.models import ComplaintNumberCounter
from panel.core import clock
from panel.core.actor import current_actor
from panel.core.audit.models import AuditEntry
from panel.core.errors import RuleError

NOT_AUDITED = (AuditEntry, ComplaintNumberCounter)
REDACTED = {"password_hash"}
NOISE = {"updated_at", "version_id"}


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return value


def _columns(obj):
    return inspect(obj).mapper.column_attrs


def _snapshot(obj) -> dict:
    return {
        attr.key: "***" if attr.key in REDACTED else _plain(getattr(obj, attr.key))
        for attr in _columns(obj)
    }


def _changes(obj) -> dict:
    changes = {}
    for attr in _columns(obj):
        if attr.key in NOISE:
            continue
        history = get_history(obj, attr.key)
        if history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if attr.key in REDACTED:
                before, after = "***", "***"
            changes[attr.key] = [_plain(before), _plain(after)]
    return changes


def _complaint_id(obj):
    from panel.complaints.models import Complaint

    if isinstance(obj, Complaint):
        return obj.id
    return getattr(obj, "complaint_id", None)


def refuse_audit_changes(session: Session) -> None:
    """The trail is append-only: no update or delete of an entry through the ORM."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry):
            raise RuleError(_("The audit trail cannot be changed."))


def write_entries(session: Session, new, dirty, deleted) -> None:
    """Insert one entry per changed row (called after the flush, when ids are known)."""
    actor = current_actor()
    at = clock.now()
    rows = []
    for action, objects in (("insert", new), ("update", dirty), ("delete", deleted)):
        for obj in objects:
            if isinstance(obj, NOT_AUDITED) or not hasattr(obj, "__table__"):
                continue
            if action == "insert":
                changes = {k: [None, v] for k, v in _snapshot(obj).items()}
            elif action == "delete":
                changes = {k: [v, None] for k, v in _snapshot(obj).items()}
            else:
                changes = _changes(obj)
                if not changes:
                    continue
            identity = inspect(obj).mapper.primary_key_from_instance(obj)
            rows.append(
                {
                    "at": at,
                    "actor_id": actor.id if actor is not None else None,
                    "actor_name": actor.username if actor is not None else None,
                    "action": action,
                    "table_name": obj.__table__.name,
                    "row_id": ",".join(str(part) for part in identity or ()),
                    "complaint_id": _complaint_id(obj),
                    "changes": changes,
                }
            )
    if rows:
        session.connection().execute(insert(AuditEntry), rows)
