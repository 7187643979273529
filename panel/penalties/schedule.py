"""The penalty schedule (处罚标准): offences, their points range and what else they carry.

Rows are data the administrator edits; the migration seeds them from the source documents
(004 §九 for staff, 001 《出租车驾驶员投诉表扬规定》 for taxi drivers). A penalty copies what
it needs at proposal time, so later edits of the schedule never rewrite decided penalties.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from panel.core.extensions import db
from panel.core.models import LabelledEnum, TimestampMixin, enum_column, label


class OffenceScope(LabelledEnum):
    STAFF = "staff", _l("Any employee")
    DRIVER = "driver", _l("Taxi drivers only")


class Requirement(LabelledEnum):
    """Whether a penalty for the offence carries a sanction: never, case by case, or always."""

    NEVER = "never", _l("Never")
    OPTIONAL = "optional", _l("Case by case")
    ALWAYS = "always", _l("Always")


class Offence(TimestampMixin, db.Model):
    __tablename__ = "penalty_offence"
    __table_args__ = (
        CheckConstraint(
            "min_points >= 0 AND min_points <= max_points AND max_points <= 100",
            name="points_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, info=label("Offence code"))
    name: Mapped[str] = mapped_column(String(100), info=label("Offence"))
    description: Mapped[str | None] = mapped_column(
        Text, info=label("Description", max_length=1000)
    )
    scope: Mapped[OffenceScope] = mapped_column(
        enum_column(OffenceScope, "offence_scope"),
        default=OffenceScope.STAFF,
        info=label("Applies to"),
    )
    min_points: Mapped[int] = mapped_column(default=5, info=label("Minimum points"))
    max_points: Mapped[int] = mapped_column(default=15, info=label("Maximum points"))
    demerit: Mapped[Requirement] = mapped_column(
        enum_column(Requirement, "offence_demerit"),
        default=Requirement.OPTIONAL,
        info=label("Major demerit (记大过)"),
    )
    circular: Mapped[Requirement] = mapped_column(
        enum_column(Requirement, "offence_circular"),
        default=Requirement.OPTIONAL,
        info=label("Company-wide circular (通报全公司)"),
    )
    source: Mapped[str | None] = mapped_column(String(80), info=label("Source"))
    active: Mapped[bool] = mapped_column(default=True, info=label("Active"))

    @property
    def points_range(self) -> str:
        return f"{self.min_points}–{self.max_points}"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def __repr__(self) -> str:
        return f"<Offence {self.code} {self.min_points}-{self.max_points}>"
