"""Work orders from outside: the source systems, their API tokens, each work order once per
(source, ticket number) with its updates, and uploaded regulator lists."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.complaints.enums import Channel
from panel.core import clock
from panel.core.extensions import db
from panel.core.models import LabelledEnum, enum_column, label

if TYPE_CHECKING:
    from panel.complaints.models import Complaint
    from panel.organisation.models.user import User


class Via(LabelledEnum):
    API = "api", _l("Work-order API")
    UPLOAD = "upload", _l("Uploaded list")
    CLI = "cli", _l("Import command")


class IntakeSource(db.Model):
    """Where work orders come from (12345, 12328, 12315, 消协, 主机厂, 微信公众号, …): the
    channel its complaints get and, for a regulator, the authority's name."""

    __tablename__ = "intake_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, info=label("Source code"))
    name: Mapped[str] = mapped_column(String(60), info=label("Source name"))
    channel: Mapped[Channel] = mapped_column(
        enum_column(Channel, "intake_source_channel"), info=label("Channel")
    )
    regulator_name: Mapped[str | None] = mapped_column(
        String(60), info=label("Transferring authority")
    )
    active: Mapped[bool] = mapped_column(default=True, info=label("Active"))

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def __repr__(self) -> str:
        return f"<IntakeSource {self.code}>"


class ApiToken(db.Model):
    """A token a source system posts work orders with. Only its SHA-256 is kept: the
    administrator sees the token once, when it is issued."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("intake_source.id", ondelete="RESTRICT"),
        index=True,
        info=label("Work-order source"),
    )
    name: Mapped[str] = mapped_column(String(60), info=label("Token name"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, info=label("Token hash"))
    prefix: Mapped[str] = mapped_column(String(12), info=label("Token starts with"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Issued at"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Issued by")
    )
    last_used_at: Mapped[datetime | None] = mapped_column(info=label("Last used"))
    revoked_at: Mapped[datetime | None] = mapped_column(info=label("Revoked at"))

    source: Mapped[IntakeSource] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… {self.source_id}>"


class WorkOrder(db.Model):
    """A work order of a source, registered once as a complaint: the idempotency key is
    (source, ticket number); ``payload_hash`` tells a repeat from a changed work order."""

    __tablename__ = "work_order"
    __table_args__ = (UniqueConstraint("source_id", "ticket_no", name="source_ticket"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("intake_source.id", ondelete="RESTRICT"), info=label("Work-order source")
    )
    ticket_no: Mapped[str] = mapped_column(String(60), info=label("Ticket number"))
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="RESTRICT"), unique=True, info=label("Complaint")
    )
    payload_hash: Mapped[str] = mapped_column(String(64), info=label("Content hash"))
    payload: Mapped[dict] = mapped_column(JSON, info=label("Work order as received"))
    reply_due_at: Mapped[datetime | None] = mapped_column(info=label("Reply due (source)"))
    via: Mapped[Via] = mapped_column(enum_column(Via, "work_order_via"), info=label("Received via"))
    token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_token.id", ondelete="SET NULL"), info=label("Token")
    )
    first_seen_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("First seen"))
    last_seen_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Last seen"))
    revision: Mapped[int] = mapped_column(default=1, info=label("Revision"))

    source: Mapped[IntakeSource] = relationship()
    complaint: Mapped[Complaint] = relationship()

    def __repr__(self) -> str:
        return f"<WorkOrder {self.source_id}/{self.ticket_no} rev {self.revision}>"


class WorkOrderUpdate(db.Model):
    """A changed work order received again: what changed, from what to what."""

    __tablename__ = "work_order_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(
        ForeignKey("work_order.id", ondelete="CASCADE"), index=True, info=label("Work order")
    )
    at: Mapped[datetime] = mapped_column(default=clock.now, info=label("At"))
    via: Mapped[Via] = mapped_column(
        enum_column(Via, "work_order_update_via"), info=label("Received via")
    )
    changes: Mapped[dict] = mapped_column(JSON, info=label("Changes"))

    work_order: Mapped[WorkOrder] = relationship()


class IntakeUpload(db.Model):
    """A regulator list uploaded in the panel, kept from the preview to the import."""

    __tablename__ = "intake_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("intake_source.id", ondelete="RESTRICT"), info=label("Work-order source")
    )
    file_name: Mapped[str] = mapped_column(String(200), info=label("File name"))
    sha256: Mapped[str] = mapped_column(String(64), info=label("SHA-256"))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Uploaded by")
    )
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Uploaded at"))
    imported_at: Mapped[datetime | None] = mapped_column(info=label("Imported at"))
    summary: Mapped[dict | None] = mapped_column(JSON, info=label("Result"))

    source: Mapped[IntakeSource] = relationship()
    uploaded_by: Mapped[User | None] = relationship()


# The bytes of an uploaded list, written and read with Core statements only (as
# ``attachment_file``): the audit trail records the upload's row, not its bytes.
intake_upload_file = db.Table(
    "intake_upload_file",
    Column("upload_id", ForeignKey("intake_upload.id", ondelete="CASCADE"), primary_key=True),
    Column("content", LargeBinary, nullable=False),
)
