"""Vehicles taken in per month (进厂台次), the denominator of the complaint rate.

Taxi companies enter trips or vehicles in service the same way. The module also declares the
indexes the report queries need on the complaint tables, without touching those models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from panel.complaints.history import Callback, ComplaintTransition
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.core.models import LabelledEnum, TimestampMixin, enum_column, field_label, label
from panel.core.validation import check_int_range

if TYPE_CHECKING:
    from panel.organisation.models.department import Department

INTAKE_MAX = 100_000_000


class IntakeKind(LabelledEnum):
    VEHICLES_TAKEN_IN = "vehicles_taken_in", _l("Vehicles taken in")
    TRIPS = "trips", _l("Trips")
    VEHICLES_IN_SERVICE = "vehicles_in_service", _l("Vehicles in service")


class MonthlyIntake(TimestampMixin, db.Model):
    """How many vehicles a site (or trips a fleet) took in during one month."""

    __tablename__ = "monthly_intake"
    __table_args__ = (
        UniqueConstraint("month", "site"),
        CheckConstraint("count >= 0", name="count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(index=True, info=label("Month"))
    site: Mapped[str] = mapped_column(String(60), info=label("Site or fleet"))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="RESTRICT"), info=label("Department")
    )
    kind: Mapped[IntakeKind] = mapped_column(
        enum_column(IntakeKind, "intake_kind"),
        default=IntakeKind.VEHICLES_TAKEN_IN,
        info=label("Counted as"),
    )
    count: Mapped[int] = mapped_column(info=label("Count"))
    note: Mapped[str | None] = mapped_column(String(200), info=label("Note"))

    department: Mapped[Department | None] = relationship()

    @validates("month")
    def _first_of_month(self, _key, value):
        if isinstance(value, datetime):
            value = value.date()
        return value.replace(day=1) if isinstance(value, date) else value

    @validates("count")
    def _validate_count(self, key, value):
        return check_int_range(field_label(MonthlyIntake, key), value, 0, INTAKE_MAX)

    @validates("site")
    def _trim_site(self, _key, value):
        return value.strip() if isinstance(value, str) else value

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.site}"

    def __repr__(self) -> str:
        return f"<MonthlyIntake {self.month:%Y-%m} {self.site} {self.count}>"


# Indexes the report queries use on the lifecycle tables (created by migration 0004_reports).
# Declared here, next to the queries that need them, so the complaint models stay untouched.
# Each covers its query, so PostgreSQL answers from the index without reading the rows.
_WITH_DEADLINE = ComplaintTransition.due_at.is_not(None)
_WAITING = Complaint.step_due_at.is_not(None)
REPORT_INDEXES = (
    Index(
        "ix_complaint_transition_report",
        ComplaintTransition.at,
        ComplaintTransition.from_status,
        ComplaintTransition.on_time,
        ComplaintTransition.complaint_id,
        postgresql_where=_WITH_DEADLINE,
        sqlite_where=_WITH_DEADLINE,
    ),
    Index("ix_callback_report", Callback.at, Callback.satisfied, Callback.complaint_id),
    Index(
        "ix_complaint_step_due_at",
        Complaint.step_due_at,
        Complaint.status,
        postgresql_where=_WAITING,
        sqlite_where=_WAITING,
    ),
    Index(
        "ix_complaint_report",
        Complaint.received_at,
        Complaint.status,
        Complaint.closed_at,
        Complaint.reopen_count,
        Complaint.channel,
        Complaint.category,
        Complaint.severity,
        Complaint.complained_department_id,
        Complaint.paused_seconds,  # the one-week closure leaves out time paused (0011_worktime)
    ),
    Index(
        "ix_complaint_staff_received_at",
        Complaint.complained_staff_id,
        Complaint.received_at,
        Complaint.status,
    ),
)
