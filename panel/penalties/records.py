"""The other records of the staff ledger: who was found responsible for a complaint, what the
company paid first and recovers from them (000 §五.3.4), and customers' commendations (表扬)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from panel.complaints.enums import Channel
from panel.core import clock
from panel.core.extensions import db
from panel.core.models import TimestampMixin, enum_column, field_label, label
from panel.core.validation import normalise_amount

if TYPE_CHECKING:
    from panel.complaints.models import Complaint
    from panel.organisation.models.staff import Staff
    from panel.organisation.models.user import User
    from panel.remedies.models import Remedy


class Responsibility(TimestampMixin, db.Model):
    """A person the investigation found responsible (责任人) for a complaint.

    When a complaint has such records, they alone name the responsible people; otherwise the
    complained staff member is the responsible person once the fault is ours or both.
    """

    __tablename__ = "complaint_responsibility"
    __table_args__ = (UniqueConstraint("complaint_id", "staff_id", name="complaint_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="RESTRICT"), index=True, info=label("Complaint")
    )
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="RESTRICT"), index=True, info=label("Responsible staff")
    )
    finding: Mapped[str | None] = mapped_column(String(200), info=label("Finding"))
    named_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Named by")
    )
    named_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Named at"))

    complaint: Mapped[Complaint] = relationship()
    staff: Mapped[Staff] = relationship()
    named_by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return str(self.staff) if self.staff else "—"


class Recovery(TimestampMixin, db.Model):
    """Pay first, then recover: what a responsible person owes of a pay-first payment."""

    __tablename__ = "recovery"
    __table_args__ = (
        CheckConstraint("amount_due >= 0", name="amount_due_not_negative"),
        CheckConstraint(
            "amount_recovered >= 0 AND amount_recovered <= amount_due", name="recovered_within_due"
        ),
        UniqueConstraint("remedy_id", "staff_id", name="remedy_staff"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="RESTRICT"), index=True, info=label("Complaint")
    )
    remedy_id: Mapped[int] = mapped_column(
        ForeignKey("remedy.id", ondelete="RESTRICT"),
        index=True,
        info=label("Payment by the company"),
    )
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="RESTRICT"), index=True, info=label("Responsible staff")
    )
    amount_due: Mapped[Decimal] = mapped_column(
        Numeric(12, 2), info=label("Amount due from the staff member (¥)")
    )
    amount_recovered: Mapped[Decimal] = mapped_column(
        Numeric(12, 2), default=Decimal("0.00"), info=label("Amount recovered (¥)")
    )
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Opened by")
    )
    opened_at: Mapped[datetime | None] = mapped_column(info=label("Opened at"))
    last_recovered_at: Mapped[datetime | None] = mapped_column(info=label("Last recovered at"))
    settled_at: Mapped[datetime | None] = mapped_column(info=label("Settled at"))
    note: Mapped[str | None] = mapped_column(String(200), info=label("Note"))
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    complaint: Mapped[Complaint] = relationship()
    remedy: Mapped[Remedy] = relationship()
    staff: Mapped[Staff] = relationship()
    opened_by: Mapped[User | None] = relationship()

    @validates("amount_due", "amount_recovered")
    def _validate_amount(self, key, value):
        return normalise_amount(field_label(Recovery, key), value)

    @property
    def outstanding(self) -> Decimal:
        return (self.amount_due or Decimal("0")) - (self.amount_recovered or Decimal("0"))

    def __str__(self) -> str:
        return f"¥{self.amount_recovered or 0:,.2f} / ¥{self.amount_due or 0:,.2f}"


class Commendation(TimestampMixin, db.Model):
    """A customer's praise of a staff member or driver, optionally tied to a complaint."""

    __tablename__ = "commendation"
    __table_args__ = (CheckConstraint("points >= 0 AND points <= 100", name="points_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="RESTRICT"), index=True, info=label("Commended staff")
    )
    received_at: Mapped[datetime] = mapped_column(
        default=clock.now, index=True, info=label("Commendation received at")
    )
    channel: Mapped[Channel | None] = mapped_column(
        enum_column(Channel, "commendation_channel"), info=label("Received through")
    )
    customer_name: Mapped[str | None] = mapped_column(String(40), info=label("Customer"))
    content: Mapped[str] = mapped_column(Text, info=label("Commendation", max_length=2000))
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaint.id", ondelete="RESTRICT"), info=label("Related complaint")
    )
    points: Mapped[int] = mapped_column(default=0, info=label("Points awarded"))
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Recorded by")
    )
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    staff: Mapped[Staff] = relationship()
    complaint: Mapped[Complaint | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"{self.staff} +{self.points}"
