"""Login attempts, kept in the database so that throttling holds across worker processes."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from panel.core import clock
from panel.core.extensions import db
from panel.core.models import LabelledEnum, enum_column, label


class LoginOutcome(LabelledEnum):
    OK = "ok", _l("Logged in")
    FAILED = "failed", _l("Failed")
    BLOCKED = "blocked", _l("Refused while locked")


class LoginAttempt(db.Model):
    """One try at the login form: the login name as typed, the address it came from, the outcome.

    An attempt is written as ``failed`` before the password is checked and turned into ``ok``
    when it succeeds, so that parallel tries count against the limit at once.
    """

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=clock.now, info=label("At"))
    username: Mapped[str] = mapped_column(String(40), info=label("Login name"))
    ip: Mapped[str] = mapped_column(String(45), info=label("Address"))
    outcome: Mapped[LoginOutcome] = mapped_column(
        enum_column(LoginOutcome, "login_outcome"), info=label("Outcome")
    )

    def __repr__(self) -> str:
        return f"<LoginAttempt {self.username} {self.ip} {self.outcome.value}>"
