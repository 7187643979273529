"""Remedies (处理方案 / 承诺) proposed for a complaint and their approval."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from panel.core import clock
from panel.core.extensions import db
from panel.core.models import LabelledEnum, TimestampMixin, enum_column, field_label, label
from panel.core.validation import normalise_amount
from panel.organisation.models.user import Role

if TYPE_CHECKING:
    from panel.complaints.models import Complaint
    from panel.organisation.models.user import User


class RemedyKind(LabelledEnum):
    APOLOGY = "apology", _l("Apology")
    EXPLANATION = "explanation", _l("Explanation")
    FREE_REWORK = "free_rework", _l("Free rework")
    FEE_WAIVER = "fee_waiver", _l("Fee discount or waiver")
    COMPENSATION = "compensation", _l("Compensation")
    REFUND = "refund", _l("Refund")
    PAY_FIRST = "pay_first", _l("Pay first, then recover")
    INSURANCE = "insurance", _l("Insurance guidance")
    TRANSPORT = "transport", _l("Replacement car or transport allowance")
    OTHER = "other", _l("Other")


class RemedyStatus(LabelledEnum):
    PROPOSED = "proposed", _l("Proposed")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Rejected")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


class Remedy(TimestampMixin, db.Model):
    __tablename__ = "remedy"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Complaint")
    )
    kind: Mapped[RemedyKind] = mapped_column(
        enum_column(RemedyKind, "remedy_kind"), info=label("Remedy kind")
    )
    amount: Mapped[Decimal] = mapped_column(
        Numeric(12, 2), default=Decimal("0.00"), info=label("Amount (¥)")
    )
    description: Mapped[str] = mapped_column(Text, info=label("Remedy details", max_length=2000))
    status: Mapped[RemedyStatus] = mapped_column(
        enum_column(RemedyStatus, "remedy_status"),
        default=RemedyStatus.PROPOSED,
        index=True,
        info=label("Remedy status"),
        active_history=True,  # a decision is checked against the status before
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Proposed by")
    )
    proposed_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Proposed at"))
    # The lowest role whose authority covers this remedy: whose queue it waits in.
    awaiting_role: Mapped[Role | None] = mapped_column(
        enum_column(Role, "remedy_awaiting_role"), index=True, info=label("Awaiting approval by")
    )
    approver_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Decided by")
    )
    decided_at: Mapped[datetime | None] = mapped_column(info=label("Decided at"))
    decision_comment: Mapped[str | None] = mapped_column(
        Text, info=label("Decision comment", max_length=1000)
    )
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    complaint: Mapped[Complaint] = relationship(back_populates="remedies")
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])

    @validates("amount")
    def _validate_amount(self, key, value):
        return normalise_amount(field_label(Remedy, key), value) or Decimal("0.00")

    @property
    def is_active(self) -> bool:
        """Still part of the answer: proposed or approved."""
        return self.status in (RemedyStatus.PROPOSED, RemedyStatus.APPROVED)

    def __str__(self) -> str:
        return f"{self.kind.label} ¥{self.amount:,.2f}"

    def __repr__(self) -> str:
        return f"<Remedy {self.id} {self.kind.value} {self.amount} {self.status.value}>"
