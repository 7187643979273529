"""The complaint record (DOMAIN.md, "What a complaint record holds")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from panel.complaints.enums import (
    Category,
    Channel,
    Fault,
    Nature,
    Severity,
    Status,
    Urgency,
)
from panel.core import clock
from panel.core.extensions import db
from panel.core.models import TimestampMixin, enum_column, field_label, label
from panel.core.validation import (
    check_int_range,
    normalise_amount,
    normalise_phone,
    normalise_plate,
)

if TYPE_CHECKING:
    from panel.complaints.history import Callback, ComplaintTransition
    from panel.organisation.models.department import Department
    from panel.organisation.models.staff import Staff
    from panel.organisation.models.user import User
    from panel.remedies.models import Remedy

# The flags of DOMAIN.md that raise severity or urgency, in display order.
FLAG_FIELDS = (
    "flag_safety",
    "flag_injury",
    "flag_media",
    "flag_lawyer",
    "flag_police",
    "flag_consumer_association",
    "flag_government",
    "flag_repeat_repair",
    "flag_lawsuit",
)


class Complaint(TimestampMixin, db.Model):
    __tablename__ = "complaint"
    __table_args__ = (
        CheckConstraint("amount_claimed >= 0", name="amount_claimed_not_negative"),
        CheckConstraint("people_count >= 1", name="people_count_positive"),
        Index("ix_complaint_status_received_at", "status", "received_at"),
        Index("ix_complaint_dept_received_at", "complained_department_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True, info=label("Complaint number"))
    # Ranges of received_at are served by (received_at, id) and the report index, not by an
    # index of its own (migration 0019_report_index_only).
    received_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Received at"))
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel, "complaint_channel"), info=label("Channel")
    )
    regulator_name: Mapped[str | None] = mapped_column(
        String(60), info=label("Transferring authority")
    )
    # The complainant
    complainant_name: Mapped[str] = mapped_column(String(40), info=label("Complainant"))
    complainant_phone: Mapped[str | None] = mapped_column(
        String(24), index=True, info=label("Complainant phone")
    )
    complainant_address: Mapped[str | None] = mapped_column(
        String(200), info=label("Complainant address")
    )
    # The vehicle, repair order or trip
    plate_number: Mapped[str | None] = mapped_column(
        String(10), index=True, info=label("Plate number")
    )
    vehicle_model: Mapped[str | None] = mapped_column(String(60), info=label("Vehicle model"))
    repair_order_no: Mapped[str | None] = mapped_column(
        String(40), info=label("Repair order number")
    )
    trip_at: Mapped[datetime | None] = mapped_column(info=label("Trip time"))
    trip_route: Mapped[str | None] = mapped_column(String(200), info=label("Trip route"))
    # What happened and what the customer wants
    content: Mapped[str] = mapped_column(Text, info=label("Complaint content", max_length=4000))
    read_back: Mapped[bool] = mapped_column(default=False, info=label("Read back to customer"))
    customer_demand: Mapped[str | None] = mapped_column(
        Text, info=label("Customer's demand", max_length=2000)
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Recorded by")
    )
    complained_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="RESTRICT"), info=label("Complained department")
    )
    complained_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="RESTRICT"), index=True, info=label("Complained staff")
    )
    amount_claimed: Mapped[Decimal] = mapped_column(
        Numeric(12, 2), default=Decimal("0.00"), info=label("Amount claimed (¥)")
    )
    people_count: Mapped[int] = mapped_column(default=1, info=label("Number of people"))
    # Flags
    flag_safety: Mapped[bool] = mapped_column(default=False, info=label("Safety involved"))
    flag_injury: Mapped[bool] = mapped_column(default=False, info=label("Personal injury"))
    flag_media: Mapped[bool] = mapped_column(default=False, info=label("Media involved"))
    flag_lawyer: Mapped[bool] = mapped_column(default=False, info=label("Lawyer involved"))
    flag_police: Mapped[bool] = mapped_column(default=False, info=label("Police involved"))
    flag_consumer_association: Mapped[bool] = mapped_column(
        default=False, info=label("Consumer association involved")
    )
    flag_government: Mapped[bool] = mapped_column(default=False, info=label("Government involved"))
    flag_repeat_repair: Mapped[bool] = mapped_column(default=False, info=label("Repeat repair"))
    flag_lawsuit: Mapped[bool] = mapped_column(default=False, info=label("Lawsuit filed"))
    # Classification
    category: Mapped[Category] = mapped_column(
        enum_column(Category, "complaint_category"), info=label("Category")
    )
    nature: Mapped[Nature | None] = mapped_column(
        enum_column(Nature, "complaint_nature"), info=label("Nature")
    )
    severity: Mapped[Severity] = mapped_column(
        enum_column(Severity, "complaint_severity"),
        default=Severity.GENERAL,
        info=label("Severity"),
        active_history=True,  # the rules compare with the value before, even after a commit
    )
    severity_computed: Mapped[Severity] = mapped_column(
        enum_column(Severity, "complaint_severity_computed"),
        default=Severity.GENERAL,
        info=label("Severity by the criteria"),
    )
    severity_lowered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Severity lowered by")
    )
    severity_lowered_reason: Mapped[str | None] = mapped_column(
        String(500), info=label("Reason for lowering the severity")
    )
    urgency: Mapped[Urgency] = mapped_column(
        enum_column(Urgency, "complaint_urgency"), default=Urgency.NORMAL, info=label("Urgency")
    )
    status: Mapped[Status] = mapped_column(
        enum_column(Status, "complaint_status"),
        default=Status.REGISTERED,
        info=label("Status"),
        active_history=True,  # the lifecycle checks the step from the state before
    )
    # Handling
    responsible_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="RESTRICT"),
        index=True,
        info=label("Responsible department"),
    )
    handler_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True, info=label("Handler")
    )
    step_due_at: Mapped[datetime | None] = mapped_column(info=label("Current step due"))
    resolve_due_at: Mapped[datetime | None] = mapped_column(info=label("Resolution due"))
    callback_due_at: Mapped[datetime | None] = mapped_column(info=label("Callback due"))
    # Working time (panel.worktime): more clocks, the pause on the customer, out of hours.
    escalate_due_at: Mapped[datetime | None] = mapped_column(info=label("Escalation due"))
    regulator_reply_due_at: Mapped[datetime | None] = mapped_column(
        info=label("Reply to regulator due")
    )
    out_of_hours: Mapped[bool] = mapped_column(
        default=False, server_default=sa_false(), info=label("Received out of business hours")
    )
    paused_at: Mapped[datetime | None] = mapped_column(info=label("Paused since"))
    paused_seconds: Mapped[int] = mapped_column(
        default=0, server_default="0", info=label("Time paused (seconds)")
    )
    fault: Mapped[Fault | None] = mapped_column(
        enum_column(Fault, "complaint_fault"), info=label("Fault attribution")
    )
    fault_evidence: Mapped[str | None] = mapped_column(
        Text, info=label("Fault evidence", max_length=4000)
    )
    reply_content: Mapped[str | None] = mapped_column(
        Text, info=label("Approved reply", max_length=4000)
    )
    customer_opinion: Mapped[str | None] = mapped_column(
        Text, info=label("Customer's opinion of the result", max_length=2000)
    )
    regulator_replied_at: Mapped[datetime | None] = mapped_column(
        info=label("Reply to regulator at")
    )
    replied_at: Mapped[datetime | None] = mapped_column(info=label("Replied at"))
    closed_at: Mapped[datetime | None] = mapped_column(index=True, info=label("Closed at"))
    reopen_count: Mapped[int] = mapped_column(default=0, info=label("Times reopened"))
    version_id: Mapped[int] = mapped_column(default=1, info=label("Version"))

    __mapper_args__ = {"version_id_col": version_id}

    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    complained_department: Mapped[Department | None] = relationship(
        foreign_keys=[complained_department_id]
    )
    complained_staff: Mapped[Staff | None] = relationship(foreign_keys=[complained_staff_id])
    responsible_department: Mapped[Department | None] = relationship(
        foreign_keys=[responsible_department_id]
    )
    severity_lowered_by: Mapped[User | None] = relationship(foreign_keys=[severity_lowered_by_id])
    remedies: Mapped[list[Remedy]] = relationship(
        back_populates="complaint", order_by="Remedy.id", cascade="all, delete-orphan"
    )
    transitions: Mapped[list[ComplaintTransition]] = relationship(
        back_populates="complaint",
        order_by="ComplaintTransition.id",
        cascade="all, delete-orphan",
    )
    callbacks: Mapped[list[Callback]] = relationship(
        back_populates="complaint", order_by="Callback.id", cascade="all, delete-orphan"
    )

    @validates("complainant_phone")
    def _validate_phone(self, key, value):
        return normalise_phone(field_label(Complaint, key), value)

    @validates("plate_number")
    def _validate_plate(self, key, value):
        return normalise_plate(field_label(Complaint, key), value)

    @validates("amount_claimed")
    def _validate_amount(self, key, value):
        return normalise_amount(field_label(Complaint, key), value) or Decimal("0.00")

    @validates("people_count")
    def _validate_people(self, key, value):
        return check_int_range(field_label(Complaint, key), value, 1, 100000) or 1

    @property
    def flags(self) -> list[str]:
        return [name for name in FLAG_FIELDS if getattr(self, name)]

    @property
    def received_on(self) -> date:
        return self.received_at.date()

    def __str__(self) -> str:
        return self.number or "—"

    def __repr__(self) -> str:
        return f"<Complaint {self.number} {self.status}>"


class ComplaintNumberCounter(db.Model):
    """Last number handed out per business day; upserted atomically to keep numbers unique."""

    __tablename__ = "complaint_number_counter"

    day: Mapped[date] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)
