"""The working calendar as data, and what the clocks of a complaint record.

* ``work_day``: the dates that differ from an ordinary week — public holidays (法定节假日, with
  the days off around them) and make-up working days (调休上班) — seeded from the maintained
  libraries (:mod:`panel.worktime.sources`) and edited by the administrator.
* ``work_calendar`` and ``work_hours``: named calendars with business hours per weekday (an
  optional lunch break); a calendar marked ``round_the_clock`` (24×7) counts wall-clock time.
  Every SLA row names the calendar its limit counts in.
* ``complaint_pause``: each time a complaint waited on the customer (未了事宜), with the working
  time its clocks had left; ``pending_review``: the monthly review of the pending ledger.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship, validates

from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.models import LabelledEnum, TimestampMixin, enum_column, field_label, label
from panel.organisation.models.user import User

OFFICE = "office"  # the code of the calendar business hours are judged by (非工作时间受理)
ROUND_THE_CLOCK = "24x7"
WEEKDAYS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def new_revision() -> str:
    return uuid.uuid4().hex


class DayKind(LabelledEnum):
    HOLIDAY = "holiday", _l("Public holiday")
    MAKEUP_WORKDAY = "makeup_workday", _l("Make-up working day")


class WorkCalendar(TimestampMixin, db.Model):
    """A named calendar: business hours per weekday, or 24×7 (wall-clock time)."""

    __tablename__ = "work_calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, info=label("Code"))
    name: Mapped[str] = mapped_column(String(60), info=label("Calendar name"))
    round_the_clock: Mapped[bool] = mapped_column(
        default=False, info=label("24×7 (counts wall-clock time)")
    )
    # Changes whenever the calendar's days or hours change: the process-wide cache key.
    revision: Mapped[str] = mapped_column(String(32), default=new_revision, info=label("Revision"))

    hours: Mapped[list[WorkHours]] = relationship(
        back_populates="calendar", order_by="WorkHours.weekday", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.name


class WorkHours(TimestampMixin, db.Model):
    """The business hours of one weekday of a calendar; a weekday without a row is a day off."""

    __tablename__ = "work_hours"
    __table_args__ = (
        UniqueConstraint("calendar_id", "weekday", name="calendar_weekday"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(
        ForeignKey("work_calendar.id", ondelete="CASCADE"), info=label("Calendar")
    )
    weekday: Mapped[int] = mapped_column(info=label("Weekday"))
    opens: Mapped[str] = mapped_column(String(5), info=label("Opens (HH:MM)"))
    closes: Mapped[str] = mapped_column(String(5), info=label("Closes (HH:MM)"))
    lunch_starts: Mapped[str | None] = mapped_column(String(5), info=label("Lunch break from"))
    lunch_ends: Mapped[str | None] = mapped_column(String(5), info=label("Lunch break until"))

    calendar: Mapped[WorkCalendar] = relationship(back_populates="hours")

    @validates("opens", "closes", "lunch_starts", "lunch_ends")
    def _validate_time(self, key, value):
        value = (value or "").strip() or None
        if value is not None and not _HHMM.match(value):
            message = _(
                "%(field)s: enter a time as HH:MM, e.g. 08:30.", field=field_label(WorkHours, key)
            )
            raise RuleError(message, key)
        return value

    @property
    def weekday_label(self) -> str:
        return str(WEEKDAYS[self.weekday]) if 0 <= (self.weekday or 0) <= 6 else ""

    def __str__(self) -> str:
        return f"{self.weekday_label} {self.opens}–{self.closes}"


class WorkDay(TimestampMixin, db.Model):
    """A public holiday or a make-up working day; every other date follows its weekday."""

    __tablename__ = "work_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True, info=label("Date"))
    kind: Mapped[DayKind] = mapped_column(enum_column(DayKind, "work_day_kind"), info=label("Kind"))
    name: Mapped[str] = mapped_column(String(60), default="", info=label("Holiday name"))
    source: Mapped[str] = mapped_column(String(60), default="", info=label("Taken from"))

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"


class ComplaintPause(db.Model):
    """A time the complaint waited on the customer; its clocks stood still meanwhile.

    ``*_left_seconds``: the working time each clock had left when the pause began (negative:
    already overdue), which resuming gives back exactly.
    """

    __tablename__ = "complaint_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Complaint")
    )
    started_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Paused at"))
    ended_at: Mapped[datetime | None] = mapped_column(info=label("Resumed at"))
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Paused by")
    )
    ended_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Resumed by")
    )
    reason: Mapped[str | None] = mapped_column(String(500), info=label("Reason"))
    step_left_seconds: Mapped[int | None] = mapped_column(info=label("Step time left (s)"))
    resolve_left_seconds: Mapped[int | None] = mapped_column(info=label("Resolution time left (s)"))
    escalate_left_seconds: Mapped[int | None] = mapped_column(
        info=label("Escalation time left (s)")
    )

    complaint: Mapped[Complaint] = relationship(
        backref=backref("pauses", order_by="ComplaintPause.id", cascade="all, delete-orphan")
    )
    started_by: Mapped[User | None] = relationship(foreign_keys=[started_by_id])
    ended_by: Mapped[User | None] = relationship(foreign_keys=[ended_by_id])


class PendingReview(db.Model):
    """The monthly review of a matter on the pending ledger (未了事宜台帐, 001)."""

    __tablename__ = "pending_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Complaint")
    )
    reviewed_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Reviewed at"))
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Reviewed by")
    )
    conclusion: Mapped[str] = mapped_column(Text, info=label("Conclusion", max_length=1000))
    next_review_on: Mapped[date] = mapped_column(info=label("Next review"))

    complaint: Mapped[Complaint] = relationship(
        backref=backref(
            "pending_reviews", order_by="PendingReview.id", cascade="all, delete-orphan"
        )
    )
    reviewed_by: Mapped[User | None] = relationship()


# Indexes of the working-time queues on the complaint table (created by 0011_worktime): the
# unanswered past their resolution due time (已超时) or about to be, and the replies owed to a
# regulator. The step's own due time has its index since 0004_reports.
_OWED = Complaint.regulator_replied_at.is_(None) & Complaint.regulator_reply_due_at.is_not(None)
WORKTIME_INDEXES = (
    Index("ix_complaint_status_resolve_due_at", Complaint.status, Complaint.resolve_due_at),
    Index(
        "ix_complaint_regulator_reply_due_at",
        Complaint.regulator_reply_due_at,
        postgresql_where=_OWED,
        sqlite_where=_OWED,
    ),
)
