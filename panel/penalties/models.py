"""Penalties on staff found at fault in a complaint, and their one appeal (申诉).

A penalty belongs to a complaint and a staff member; its offence comes from the schedule.
``kind`` is derived from what the penalty carries (major demerit, circular, points) so that
the notices can tell which documents it needs; the rules set it at flush time.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.extensions import db
from panel.core.models import LabelledEnum, TimestampMixin, enum_column, label

if TYPE_CHECKING:
    from panel.complaints.models import Complaint
    from panel.organisation.models.staff import Staff
    from panel.organisation.models.user import User
    from panel.penalties.schedule import Offence


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


# In force: counted in the ledger (an appeal does not suspend a penalty until it is revoked).
IN_FORCE = frozenset({PenaltyStatus.APPROVED, PenaltyStatus.APPEALED, PenaltyStatus.UPHELD})
# Nothing changes any more.
FINAL = frozenset({PenaltyStatus.REJECTED, PenaltyStatus.REVOKED, PenaltyStatus.UPHELD})


class AppealOutcome(LabelledEnum):
    UPHELD = "upheld", _l("Penalty upheld")
    REVOKED = "revoked", _l("Penalty revoked")


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
    offence_id: Mapped[int | None] = mapped_column(
        ForeignKey("penalty_offence.id", ondelete="RESTRICT"), index=True, info=label("Offence")
    )
    kind: Mapped[PenaltyKind] = mapped_column(
        enum_column(PenaltyKind, "penalty_kind"),
        default=PenaltyKind.POINTS,
        info=label("Penalty kind"),
    )
    points: Mapped[int] = mapped_column(default=0, info=label("Points deducted"))
    major_demerit: Mapped[bool] = mapped_column(
        default=False, server_default=false(), info=label("Major demerit (记大过)")
    )
    circular: Mapped[bool] = mapped_column(
        default=False, server_default=false(), info=label("Company-wide circular (通报全公司)")
    )
    reason: Mapped[str] = mapped_column(Text, info=label("Reason", max_length=2000))
    status: Mapped[PenaltyStatus] = mapped_column(
        enum_column(PenaltyStatus, "penalty_status"),
        default=PenaltyStatus.PROPOSED,
        info=label("Penalty status"),
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Proposed by")
    )
    proposed_at: Mapped[datetime | None] = mapped_column(info=label("Proposed at"))
    approver_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Decided by")
    )
    decided_at: Mapped[datetime | None] = mapped_column(index=True, info=label("Decided at"))
    decision_comment: Mapped[str | None] = mapped_column(
        Text, info=label("Decision comment", max_length=1000)
    )
    note: Mapped[str | None] = mapped_column(String(200), info=label("Note"))
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    complaint: Mapped[Complaint] = relationship()
    staff: Mapped[Staff] = relationship()
    offence: Mapped[Offence | None] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])
    appeal: Mapped[PenaltyAppeal | None] = relationship(back_populates="penalty")

    @property
    def in_force(self) -> bool:
        return self.status in IN_FORCE

    def __str__(self) -> str:
        return f"{self.kind.label} {self.points}"

    def __repr__(self) -> str:
        return f"<Penalty {self.id} staff={self.staff_id} {self.points} {self.status.value}>"


class PenaltyAppeal(TimestampMixin, db.Model):
    """The one appeal a penalty may have (unique per penalty, also in the database)."""

    __tablename__ = "penalty_appeal"

    id: Mapped[int] = mapped_column(primary_key=True)
    penalty_id: Mapped[int] = mapped_column(
        ForeignKey("penalty.id", ondelete="RESTRICT"), unique=True, info=label("Penalty")
    )
    grounds: Mapped[str] = mapped_column(Text, info=label("Grounds of appeal", max_length=2000))
    filed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Filed by")
    )
    filed_at: Mapped[datetime | None] = mapped_column(info=label("Filed at"))
    outcome: Mapped[AppealOutcome | None] = mapped_column(
        enum_column(AppealOutcome, "appeal_outcome"), info=label("Appeal decision")
    )
    decision_reason: Mapped[str | None] = mapped_column(
        Text, info=label("Reason for the decision", max_length=1000)
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Appeal decided by")
    )
    decided_at: Mapped[datetime | None] = mapped_column(info=label("Appeal decided at"))
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    penalty: Mapped[Penalty] = relationship(back_populates="appeal")
    filed_by: Mapped[User | None] = relationship(foreign_keys=[filed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def complaint_id(self) -> int | None:
        """For the audit trail: an appeal belongs to its penalty's complaint."""
        return self.penalty.complaint_id if self.penalty is not None else None

    def __str__(self) -> str:
        return str(self.outcome.label) if self.outcome else str(_l("Pending"))

    def __repr__(self) -> str:
        return f"<PenaltyAppeal {self.id} penalty={self.penalty_id} {self.outcome}>"
