"""What changed in a row since a user looked at it, told from the audit trail.

The trail's highest entry id when a page is shown is its *mark*; the entries of a row above
the mark are the changes that user has not seen.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Boolean, func, select
from sqlalchemy.orm import Session

from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.core.models import field_label

MAX_ENTRIES = 5
MAX_FIELDS = 6
MAX_VALUE = 40
NOISE = {"updated_at", "version_id", "generated"}


def audit_mark(session: Session) -> int:
    """The trail's highest entry id now (0 when empty)."""
    with session.no_autoflush:
        return session.scalar(select(func.max(AuditEntry.id))) or 0


def audit_mark_column():
    """The mark as a column, to be read along with another query (one round trip less)."""
    return select(func.max(AuditEntry.id)).scalar_subquery()


def _row_key(model) -> tuple[str, str]:
    return model.__table__.name, str(model.__mapper__.primary_key_from_instance(model)[0])


def changed_since(
    session: Session,
    model,
    mark: int | None,
    fields: list[str] | None = None,
    exclude_actor: int | None = None,
) -> list[AuditEntry]:
    """The row's entries above ``mark`` (optionally: touching ``fields``, by someone else)."""
    table, row_id = _row_key(model)
    query = select(AuditEntry).where(AuditEntry.table_name == table, AuditEntry.row_id == row_id)
    if mark is not None:
        query = query.where(AuditEntry.id > mark)
    with session.no_autoflush:
        entries = list(session.scalars(query.order_by(AuditEntry.id)))
    if exclude_actor is not None:
        entries = [e for e in entries if e.actor_id != exclude_actor]
    if fields is not None:
        wanted = set(fields) | {f"{name}_id" for name in fields}
        entries = [e for e in entries if wanted & set(e.changes or {})]
    return entries


def generic_conflict_message() -> str:
    return _(
        "Someone else saved this record after you opened it; your change was not saved. "
        "Reload it and apply your change again."
    )


def conflict_message(session: Session, model, mark: int | None, entries=None) -> str:
    """Refusal naming who changed which fields, with before and after, since ``mark``."""
    if entries is None:
        entries = changed_since(session, model, mark) if mark is not None else []
    entries = [e for e in entries if set(e.changes or {}) - NOISE]
    if not entries:
        return generic_conflict_message()
    parts = [_describe_entry(session, model, entry) for entry in entries[-MAX_ENTRIES:]]
    return _(
        "Someone else saved this record after you opened it, so your change was not saved. "
        "Changed meanwhile: %(changes)s. Your input is kept below: check it against these "
        "changes and save again.",
        changes="; ".join(parts),
    )


def _describe_entry(session: Session, model, entry: AuditEntry) -> str:
    cls = type(model)
    items = []
    for key, pair in list((entry.changes or {}).items()):
        if key in NOISE or not isinstance(pair, list) or len(pair) != 2:
            continue
        before, after = (describe_value(session, cls, key, v) for v in pair)
        items.append(f"{field_label(cls, key)} {before} → {after}")
    if len(items) > MAX_FIELDS:
        items = [*items[:MAX_FIELDS], "…"]
    who = entry.actor_name or "—"
    return _(
        "%(who)s at %(at)s: %(fields)s",
        who=_display_name(session, entry) or who,
        at=f"{entry.at:%m-%d %H:%M}",
        fields="，".join(items),
    )


def _display_name(session: Session, entry: AuditEntry) -> str | None:
    from panel.organisation.models.user import User

    user = session.get(User, entry.actor_id) if entry.actor_id else None
    return str(user) if user is not None else None


def describe_value(session: Session, cls, key: str, value) -> str:
    """A stored value as the user would read it: labels of enums, names of related rows."""
    if value is None or value == "":
        return "—"
    column = cls.__table__.columns.get(key)
    if column is not None:
        enum_cls = getattr(column.type, "enum_class", None)
        if enum_cls is not None:
            try:
                return str(enum_cls(value).label)
            except ValueError:
                return str(value)
        if isinstance(column.type, Boolean):
            return _("Yes") if value else _("No")
        target = (
            _mapped_class(next(iter(column.foreign_keys)).column.table)
            if column.foreign_keys
            else None
        )
        if target is not None:
            row = session.get(target, value)
            if row is not None:
                return str(row)
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _mapped_class(table):
    for mapper in db.Model.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    return None
