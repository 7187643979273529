"""Penalties on staff found at fault in a complaint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.extensions import db
from panel.models.base import LabelledEnum, TimestampMixin, enum_column, label

if TYPE_CHECKING:
    from panel.models.complaint import Complaint
    from panel.models.staff import Staff


class PenaltyKind(LabelledEnum):
    POINTS = "points", _l("Performance points deducted")
    MAJOR_DEMERIT = "major_demerit", _l("Major demerit")
    CIRCULAR = "circular", _l("Company-wide circular")
    WARNING = "warning", _l("Warning")
    FINE = "fine", _l("Fine")


class PenaltyStatus(LabelledEnum):
    PROPOSED = "proposed", _l("Proposed")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Rejected")
    APPEALED = "appealed", _l("Under appeal")
    REVOKED = "revoked", _l("Revoked on appeal")
    UPHELD = "upheld", _l("Upheld on appeal")


class Penalty(TimestampMixin, db.Model):
    __tablename__ = "penalty"
    __table_args__ = (CheckConstraint("points >= 0 AND points <= 100", name="points_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="RESTRICT"), index=True, info=label("Complaint")
    )
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="RESTRICT"), index=True, info=label("Penalised staff")
    )
    kind: Mapped[PenaltyKind] = mapped_column(
        enum_column(PenaltyKind, "penalty_kind"), info=label("Penalty kind")
    )
    points: Mapped[int] = mapped_column(default=0, info=label("Points deducted"))
    reason: Mapped[str] = mapped_column(Text, info=label("Reason", max_length=2000))
    status: Mapped[PenaltyStatus] = mapped_column(
        enum_column(PenaltyStatus, "penalty_status"),
        default=PenaltyStatus.PROPOSED,
        info=label("Penalty status"),
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Proposed by")
    )
    note: Mapped[str | None] = mapped_column(String(200), info=label("Note"))
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    complaint: Mapped[Complaint] = relationship()
    staff: Mapped[Staff] = relationship()

    def __str__(self) -> str:
        return f"{self.kind.label} {self.points}"
