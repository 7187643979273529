"""What the customer-facing pages keep: rate-limit events, survey invitations and answers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core import clock
from panel.core.extensions import db
from panel.core.models import label

if TYPE_CHECKING:
    from panel.complaints.history import Callback
    from panel.complaints.models import Complaint

RATINGS = ("speed", "attitude", "result", "overall")


class RateEvent(db.Model):
    """One request a public page counts against its limits: which limit (``bucket``), whose
    (an address or a complaint number), when, and whether it failed. Kept in the database so
    that the limits hold across gunicorn workers."""

    __tablename__ = "rate_event"
    __table_args__ = (Index("ix_rate_event_bucket_key_at", "bucket", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[str] = mapped_column(String(20), info=label("Limit"))
    key: Mapped[str] = mapped_column(String(64), info=label("Key"))
    at: Mapped[datetime] = mapped_column(default=clock.now, info=label("At"))
    failed: Mapped[bool] = mapped_column(default=False, info=label("Failed"))

    def __repr__(self) -> str:
        return f"<RateEvent {self.bucket} {self.key} {self.at}>"


class SurveyInvitation(db.Model):
    """A one-time survey link for a complaint; only the SHA-256 of its token is kept."""

    __tablename__ = "survey_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Complaint")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, info=label("Token hash"))
    via: Mapped[str] = mapped_column(String(20), info=label("Sent by"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Created at"))
    expires_at: Mapped[datetime] = mapped_column(info=label("Expires at"))
    used_at: Mapped[datetime | None] = mapped_column(info=label("Used at"))

    complaint: Mapped[Complaint] = relationship()

    def __repr__(self) -> str:
        return f"<SurveyInvitation {self.id} complaint={self.complaint_id}>"


class SurveyResponse(db.Model):
    """The customer's answer: 1–5 on response speed, attitude, result and overall, a comment;
    it is recorded as the complaint's callback (``callback_id``)."""

    __tablename__ = "survey_response"
    __table_args__ = tuple(
        CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_range") for name in RATINGS
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Complaint")
    )
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_invitation.id", ondelete="SET NULL"), info=label("Invitation")
    )
    callback_id: Mapped[int | None] = mapped_column(
        ForeignKey("callback.id", ondelete="SET NULL"), info=label("Callback")
    )
    answered_at: Mapped[datetime] = mapped_column(
        default=clock.now, index=True, info=label("Answered at")
    )
    speed: Mapped[int] = mapped_column(info=label("Response speed"))
    attitude: Mapped[int] = mapped_column(info=label("Service attitude"))
    result: Mapped[int] = mapped_column(info=label("Result"))
    overall: Mapped[int] = mapped_column(info=label("Overall satisfaction"))
    comment: Mapped[str | None] = mapped_column(Text, info=label("Comment", max_length=1000))
    satisfied: Mapped[bool] = mapped_column(info=label("Satisfied"))
    via: Mapped[str] = mapped_column(String(20), info=label("Answered through"))

    complaint: Mapped[Complaint] = relationship()
    callback: Mapped[Callback | None] = relationship()
    invitation: Mapped[SurveyInvitation | None] = relationship()

    def __repr__(self) -> str:
        return f"<SurveyResponse {self.id} complaint={self.complaint_id} {self.overall}>"
