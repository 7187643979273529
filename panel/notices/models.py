"""The notice archive: every issued PDF, its number, version and hash; batch print jobs."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core import clock
from panel.core.extensions import db
from panel.core.models import enum_column, label
from panel.notices.kinds import NoticeKind

if TYPE_CHECKING:
    from panel.complaints.models import Complaint
    from panel.organisation.models.user import User
    from panel.penalties.models import Penalty


class Notice(db.Model):
    """One issued notice, frozen: the PDF bytes never change once stored.

    Re-issuing the same kind for the same subject adds a row with the same number and the next
    version; earlier versions stay downloadable. ``subject`` names what the notice is about
    (``complaint:12``, ``penalty:3``, ``period:2026-01-01/2026-01-31``) so that two
    concurrent issues of one version collide on a unique constraint instead of both passing.
    """

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("kind", "subject", "version", name="uq_notice_kind_subject_version"),
        UniqueConstraint("number", "version", name="uq_notice_number_version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("size > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), index=True, info=label("Notice number"))
    version: Mapped[int] = mapped_column(info=label("Version"))
    kind: Mapped[NoticeKind] = mapped_column(
        enum_column(NoticeKind, "notice_kind"), info=label("Notice kind")
    )
    subject: Mapped[str] = mapped_column(String(60), info=label("Subject"))
    complaint_id: Mapped[int | None] = mapped_column(
        ForeignKey("complaint.id", ondelete="RESTRICT"), index=True, info=label("Complaint")
    )
    penalty_id: Mapped[int | None] = mapped_column(
        ForeignKey("penalty.id", ondelete="RESTRICT"), index=True, info=label("Penalty")
    )
    period_from: Mapped[date | None] = mapped_column(info=label("Period from"))
    period_to: Mapped[date | None] = mapped_column(info=label("Period to"))
    issued_by_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), info=label("Issued by")
    )
    issued_by_name: Mapped[str] = mapped_column(String(40), info=label("Issuer"))
    issued_at: Mapped[datetime] = mapped_column(
        default=clock.now, index=True, info=label("Issued at")
    )
    sha256: Mapped[str] = mapped_column(String(64), info=label("SHA-256"))
    size: Mapped[int] = mapped_column(info=label("Size (bytes)"))
    pages: Mapped[int] = mapped_column(info=label("Pages"))

    complaint: Mapped[Complaint | None] = relationship()
    penalty: Mapped[Penalty | None] = relationship()
    issued_by: Mapped[User] = relationship()

    # Set on a freshly issued notice: characters no installed font could draw (not stored).
    missing_characters = ()

    @property
    def filename(self) -> str:
        return f"{self.number}-v{self.version}.pdf"

    def __str__(self) -> str:
        return f"{self.number}（v{self.version}）"

    def __repr__(self) -> str:
        return f"<Notice {self.number} v{self.version} {self.kind.value}>"


# The PDF bytes, one row per notice, written and read with Core statements only: kept out of
# the ORM so that no list query loads them and the audit trail records the notice, not its bytes.
notice_file = db.Table(
    "notice_file",
    Column(
        "notice_id",
        ForeignKey("notice.id", ondelete="RESTRICT"),
        primary_key=True,
    ),
    Column("pdf", LargeBinary, nullable=False),
)


class NoticeNumberCounter(db.Model):
    """Last number handed out per prefix and year; upserted atomically."""

    __tablename__ = "notice_number_counter"

    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(default=0)


class NoticeBatch(db.Model):
    """A batch print job: the complaints picked in the list, worked through a step at a time."""

    __tablename__ = "notice_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NoticeKind | None] = mapped_column(
        enum_column(NoticeKind, "notice_batch_kind"), info=label("Notice kind")
    )
    created_by_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, info=label("Started by")
    )
    created_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Started at"))
    complaint_ids: Mapped[list] = mapped_column(JSON, default=list, info=label("Complaints"))
    position: Mapped[int] = mapped_column(default=0, info=label("Done"))
    notice_ids: Mapped[list] = mapped_column(JSON, default=list, info=label("Notices"))
    skipped: Mapped[list] = mapped_column(JSON, default=list, info=label("Skipped"))
    finished_at: Mapped[datetime | None] = mapped_column(info=label("Finished at"))

    created_by: Mapped[User] = relationship()

    @property
    def total(self) -> int:
        return len(self.complaint_ids)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def __repr__(self) -> str:
        return f"<NoticeBatch {self.id} {self.kind} {self.position}/{self.total}>"
