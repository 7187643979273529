"""Shared model building blocks: labelled enums, column labels, timestamps."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from panel.core import clock
from panel.core.extensions import db


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a translatable label: ``HOTLINE = "hotline", _l(...)``."""

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value
        return member

    def __str__(self) -> str:
        return str(self.label)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def coerce(cls, value):
        """Form coercion: accept a member or its value; leave unknown input for validation."""
        if isinstance(value, cls) or value in (None, ""):
            return value or None
        try:
            return cls(value)
        except ValueError:
            return value


def enum_column(enum_cls: type[LabelledEnum], name: str) -> db.Enum:
    """A portable enum column: VARCHAR plus a named CHECK constraint of the member values."""
    return db.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def label(text: str, **extra) -> dict:
    """Column ``info`` carrying the field's user-facing label (used by views and messages)."""
    return {"label": _l(text), **extra}


def field_label(model, attribute: str) -> str:
    """The translated label of a model attribute, for messages that name the field."""
    column = model.__table__.columns.get(attribute)
    if column is not None and "label" in column.info:
        return str(column.info["label"])
    return attribute


def lazy_label(model, attribute: str):
    """The label of a model attribute, translated each time it is shown: for names made once
    at start-up and read by every request (list filters), which :func:`field_label` would fix
    in the language of the moment they were made."""
    column = model.__table__.columns.get(attribute)
    if column is not None and "label" in column.info:
        return column.info["label"]
    return attribute


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        default=clock.now, info=label("Created at"), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        default=clock.now, onupdate=clock.now, info=label("Updated at"), nullable=False
    )
