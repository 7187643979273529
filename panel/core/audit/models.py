"""The audit trail's table: one append-only row per insert, update or delete of an audited row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from panel.core import clock
from panel.core.extensions import db
from panel.core.models import label


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
