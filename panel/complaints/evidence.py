"""Evidence files of a complaint: photos, scans and PDFs, stored outside the web root."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core import clock
from panel.core.extensions import db
from panel.core.models import label

if TYPE_CHECKING:
    from panel.complaints.models import Complaint
    from panel.organisation.models.user import User


class Attachment(db.Model):
    """One uploaded file. The bytes live in ``attachment_file`` (readable from every app
    server), or — files from before, or with ``ATTACHMENT_STORE = "files"`` — under the
    instance folder at ``stored_path`` (relative, named by a random token, never by the user's
    file name); ``sha256`` proves they did not change. Rows are never changed or deleted
    (``panel.access.rules``)."""

    __tablename__ = "attachment"
    __table_args__ = (CheckConstraint("size > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="RESTRICT"), index=True, info=label("Complaint")
    )
    file_name: Mapped[str] = mapped_column(String(200), info=label("File name"))
    content_type: Mapped[str] = mapped_column(String(60), info=label("File type"))
    size: Mapped[int] = mapped_column(info=label("Size (bytes)"))
    sha256: Mapped[str] = mapped_column(String(64), info=label("SHA-256"))
    stored_path: Mapped[str] = mapped_column(String(200), unique=True, info=label("Stored as"))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Uploaded by")
    )
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Uploaded at"))

    complaint: Mapped[Complaint] = relationship()
    uploaded_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.file_name} {self.content_type}>"


# The bytes of an evidence file, one row per attachment, written and read with Core statements
# only (as ``notice_file``): no list query loads them, and the audit trail records the file's
# row, not its bytes.
attachment_file = db.Table(
    "attachment_file",
    Column("attachment_id", ForeignKey("attachment.id", ondelete="RESTRICT"), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)
