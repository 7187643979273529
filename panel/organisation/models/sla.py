"""Deadlines as data: the time limit of each process step by severity and urgency."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.complaints.enums import Severity, Urgency
from panel.core.extensions import db
from panel.core.models import LabelledEnum, TimestampMixin, enum_column, label


class SlaStep(LabelledEnum):
    REGISTER = "register", _l("Register after receipt")
    DISPATCH = "dispatch", _l("Dispatch to the department")
    ASSIGN = "assign", _l("Assign the responsible person")
    INVESTIGATE = "investigate", _l("Facts, solution, customer contacted")
    APPROVE = "approve", _l("Approve the remedy and reply")
    REPLY = "reply", _l("Reply to the customer")
    CALLBACK = "callback", _l("Callback after the reply")
    CLOSE = "close", _l("Close after the callback")
    RESOLVE = "resolve", _l("Complaint resolved")
    REGULATOR_REPLY = "regulator_reply", _l("Reply to the regulator")
    ESCALATE = "escalate", _l("Escalate to senior management when unresolved")
    PENDING_REVIEW = "pending_review", _l("Review a pending matter")


class SlaPolicy(TimestampMixin, db.Model):
    """The limit of a step; rows with a severity or urgency override the general row."""

    __tablename__ = "sla_policy"
    __table_args__ = (
        UniqueConstraint("step", "severity", "urgency", name="step_severity_urgency"),
        CheckConstraint("limit_minutes > 0", name="limit_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    step: Mapped[SlaStep] = mapped_column(enum_column(SlaStep, "sla_step"), info=label("Step"))
    severity: Mapped[Severity | None] = mapped_column(
        enum_column(Severity, "sla_severity"), info=label("Severity")
    )
    urgency: Mapped[Urgency | None] = mapped_column(
        enum_column(Urgency, "sla_urgency"), info=label("Urgency")
    )
    limit_minutes: Mapped[int] = mapped_column(info=label("Limit (minutes)"))
    source: Mapped[str | None] = mapped_column(db.String(120), info=label("Source"))
    # The calendar the limit counts in: working time, or wall-clock time (a 24×7 calendar).
    calendar_id: Mapped[int] = mapped_column(
        ForeignKey("work_calendar.id", ondelete="RESTRICT"), info=label("Counts in")
    )
    calendar = relationship("WorkCalendar")

    def __repr__(self) -> str:
        return f"<SlaPolicy {self.step.value} {self.severity} {self.urgency} {self.limit_minutes}>"
