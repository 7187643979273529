"""Login attempts, kept in the database so that throttling holds across worker processes."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Index, String, UniqueConstraint
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


class RefusalTally(db.Model):
    """Refused requests (403) counted per user (or address), page and minute.

    The first refusal of a page in a minute goes into the audit trail (``forbidden``); its
    repeats only raise ``count`` here, so a user who keeps asking cannot grow the audit trail
    without limit (:mod:`panel.security.journal`).
    """

    __tablename__ = "refusal_tally"
    __table_args__ = (
        UniqueConstraint("minute", "who", "path", name="uq_refusal_tally_minute_who_path"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    minute: Mapped[datetime] = mapped_column(index=True, info=label("Minute"))
    who: Mapped[str] = mapped_column(String(60), info=label("User or address"))
    path: Mapped[str] = mapped_column(String(300), info=label("Page"))
    count: Mapped[int] = mapped_column(default=1, info=label("Refusals"))
    last_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Last refused at"))

    def __repr__(self) -> str:
        return f"<RefusalTally {self.minute:%Y-%m-%d %H:%M} {self.who} {self.path} ×{self.count}>"
