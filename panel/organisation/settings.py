"""Typed access to the ``setting`` table, with the defaults the panel falls back on."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from panel.organisation.models.setting import Setting

# key -> (type, default). A row in ``setting`` overrides the default.
DEFAULTS: dict[str, tuple[type, object]] = {
    "classification.repeat_window_days": (int, 30),
    "classification.major_amount": (Decimal, Decimal("2000")),
    "classification.collective_people": (int, 5),
    "classification.special_major_amount": (Decimal, Decimal("10000")),
    "classification.special_major_people": (int, 10),
    "classification.special_major_unresolved_days": (int, 60),
    "escalation.demand_amount": (Decimal, Decimal("5000")),
}


def register_defaults(defaults: dict[str, tuple[type, object]]) -> None:
    """Let a feature package declare its own keys (e.g. the company details of notices)."""
    DEFAULTS.update(defaults)


def get_setting(session: Session, key: str):
    """The value of ``key``, converted to its declared type."""
    kind, default = DEFAULTS[key]
    row = session.get(Setting, key)
    if row is None or row.value in (None, ""):
        return default
    return kind(row.value) if kind is not str else row.value
