"""What happened to a complaint: its transitions and callbacks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.complaints.enums import Status
from panel.core import clock
from panel.core.extensions import db
from panel.core.models import enum_column, label

if TYPE_CHECKING:
    from panel.complaints.models import Complaint
    from panel.organisation.models.user import User


class ComplaintTransition(db.Model):
    """One step of the lifecycle: from which state to which, by whom, when, and on time or not."""

    __tablename__ = "complaint_transition"
    __table_args__ = (Index("ix_complaint_transition_to_status_at", "to_status", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Complaint")
    )
    from_status: Mapped[Status | None] = mapped_column(
        enum_column(Status, "transition_from_status"), info=label("From")
    )
    to_status: Mapped[Status] = mapped_column(
        enum_column(Status, "transition_to_status"), info=label("To")
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("By")
    )
    at: Mapped[datetime] = mapped_column(default=clock.now, info=label("At"))
    due_at: Mapped[datetime | None] = mapped_column(info=label("Was due"))
    on_time: Mapped[bool | None] = mapped_column(info=label("On time"))
    reason: Mapped[str | None] = mapped_column(Text, info=label("Reason", max_length=2000))

    complaint: Mapped[Complaint] = relationship(back_populates="transitions")
    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Transition {self.complaint_id} {self.from_status}->{self.to_status}>"


class Callback(db.Model):
    """A callback (回访) to the customer after the reply: satisfied or not, and what they said."""

    __tablename__ = "callback"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Complaint")
    )
    at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Callback at"))
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Called by")
    )
    satisfied: Mapped[bool] = mapped_column(info=label("Satisfied"))
    comment: Mapped[str | None] = mapped_column(
        Text, info=label("Customer's words", max_length=2000)
    )

    complaint: Mapped[Complaint] = relationship(back_populates="callbacks")
    by: Mapped[User | None] = relationship()
