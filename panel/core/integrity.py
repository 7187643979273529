"""Checks every flushed row gets, whatever path wrote it: required fields, text lengths and no
control characters in text."""

from __future__ import annotations

from sqlalchemy import Enum, String, Text, inspect
from sqlalchemy.orm import Session

from panel.core.validation import check_length, check_no_control_characters, check_required


def check_row(obj) -> None:
    """Trim text, refuse text with control characters or over its column's limit, and missing
    required values: every value of a new row, the changed values of a stored one.

    Limits come from the column (``String(n)``) or ``info["max_length"]`` for ``Text``.
    """
    table = getattr(obj, "__table__", None)
    if table is None:
        return
    state = inspect(obj)
    changed = None if state.key is None else state.committed_state  # a stored row: its changes
    for column in table.columns:
        if changed is not None and column.key not in changed:
            continue  # unchanged since it was read (and checked when written): nothing to load
        label = column.info.get("label", column.key)  # lazy: translated only for a message
        value = getattr(obj, column.key, None)
        if (
            isinstance(column.type, (String, Text))
            and not isinstance(column.type, Enum)
            and isinstance(value, str)
        ):
            check_no_control_characters(label, value)  # a NUL byte breaks PostgreSQL
            limit = column.info.get("max_length") or getattr(column.type, "length", None)
            if limit:
                trimmed = check_length(label, value, limit)
                if trimmed != value:
                    setattr(obj, column.key, trimmed)
                value = trimmed
        required = (
            not column.nullable
            and not column.primary_key
            and column.default is None
            and column.server_default is None
            and "label" in column.info
        )
        if required and value is None and _set_through_relationship(obj, column):
            continue
        if required:
            check_required(label, value)


def check_session(session: Session) -> None:
    for obj in list(session.new) + list(session.dirty):
        check_row(obj)


def _set_through_relationship(obj, column) -> bool:
    """A foreign key is filled at flush time when its relationship holds an object."""
    for relationship in inspect(obj).mapper.relationships:
        if column in relationship.local_columns and getattr(obj, relationship.key) is not None:
            return True
    return False
