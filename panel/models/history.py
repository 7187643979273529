"""What happened to a complaint: its transitions, callbacks, and the audit trail of every row."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel import clock
from panel.extensions import db
from panel.models.base import enum_column, label
from panel.models.complaint_enums import Status

if TYPE_CHECKING:
    from panel.models.complaint import Complaint
    from panel.models.user import User


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


class AuditEntry(db.Model):
    """Append-only record of an insert, update or delete on an audited table."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_table_row", "table_name", "row_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=clock.now, info=label("At"))
    actor_id: Mapped[int | None] = mapped_column(info=label("By"))  # no FK: outlives users
    actor_name: Mapped[str | None] = mapped_column(String(40), info=label("By"))
    action: Mapped[str] = mapped_column(String(20), info=label("Action"))
    table_name: Mapped[str] = mapped_column(String(40), info=label("Table"))
    row_id: Mapped[str] = mapped_column(String(40), info=label("Row"))
    complaint_id: Mapped[int | None] = mapped_column(index=True, info=label("Complaint"))
    changes: Mapped[dict] = mapped_column(JSON, default=dict, info=label("Changes"))

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.table_name}#{self.row_id}>"
