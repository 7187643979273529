"""A figure compared with its target: value, numerator and denominator, green or red."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from panel.organisation.settings import get_setting, register_defaults

# The seed targets (DOMAIN.md "Measures"); each is a setting so a company can change it.
TARGETS = {
    "response_timeliness": ("reports.target.response_timeliness", Decimal("1"), "min"),
    "closure": ("reports.target.closure", Decimal("1"), "min"),
    "one_week_closure": ("reports.target.one_week_closure", Decimal("0.80"), "min"),
    "complaint_rate": ("reports.target.complaint_rate", Decimal("0.0015"), "max"),
}
register_defaults({key: (Decimal, default) for key, default, _ in TARGETS.values()})

SEED_LABELS = {
    "response_timeliness": _l("Response timeliness"),
    "closure": _l("Closure rate"),
    "one_week_closure": _l("One-week closure rate"),
    "complaint_rate": _l("Complaint rate"),
    "satisfaction": _l("Callback satisfaction"),
    "reopen": _l("Reopen rate"),
}


@dataclass
class Figure:
    """``numerator / denominator``, or no value when the denominator is zero or unknown."""

    key: str
    label: object
    numerator: int
    denominator: int | None
    target: Decimal | None = None
    direction: str = "min"  # "min": at least the target; "max": at most
    note: object = None  # shown instead of, or next to, the value
    period_label: str = ""

    @property
    def value(self) -> Fraction | None:
        if not self.denominator:
            return None
        return Fraction(self.numerator, self.denominator)

    @property
    def status(self) -> str:
        """``good`` (green), ``bad`` (red) or ``none`` (no value or no target)."""
        if self.value is None or self.target is None:
            return "none"
        target = Fraction(self.target)
        met = self.value >= target if self.direction == "min" else self.value <= target
        return "good" if met else "bad"

    def percent(self, digits: int = 1) -> str:
        """``87.5%`` — or ``–`` without a value. The complaint rate gets more digits."""
        if self.value is None:
            return "–"
        return f"{float(self.value) * 100:.{digits}f}%"

    def target_text(self, digits: int = 0) -> str:
        if self.target is None:
            return ""
        sign = "≥" if self.direction == "min" else "≤"
        return f"{sign} {float(self.target) * 100:.{digits}f}%"


def seed_figure(
    session: Session, key: str, numerator: int, denominator: int | None, **extra
) -> Figure:
    """A figure of the seed list, with its target from the settings."""
    setting, _default, direction = TARGETS[key]
    return Figure(
        key,
        SEED_LABELS[key],
        numerator,
        denominator,
        target=get_setting(session, setting),
        direction=direction,
        **extra,
    )


def plain_figure(key: str, numerator: int, denominator: int | None, label=None) -> Figure:
    """A figure without a target (satisfaction, reopen rate, per-step timeliness)."""
    return Figure(key, label or SEED_LABELS.get(key, key), numerator, denominator)
