"""Login accounts and their roles."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from panel.core.extensions import db
from panel.core.models import LabelledEnum, TimestampMixin, enum_column, label

if TYPE_CHECKING:
    from panel.organisation.models.staff import Staff


class Role(LabelledEnum):
    CLERK = "clerk", _l("Customer-service clerk")
    ADVISOR = "advisor", _l("Service / sales advisor")
    DEPT_MANAGER = "dept_manager", _l("Department manager")
    SERVICE_MANAGER = "service_manager", _l("Service manager / CS director")
    GENERAL_MANAGER = "general_manager", _l("General manager")
    AUDITOR = "auditor", _l("Auditor (read-only)")
    ADMIN = "admin", _l("Administrator")


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True, info=label("Login name"))
    password_hash: Mapped[str] = mapped_column(String(255), info=label("Password"))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"), info=label("Role"))
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), info=label("Staff member")
    )
    active: Mapped[bool] = mapped_column(default=True, info=label("Active"))
    last_login_at: Mapped[datetime | None] = mapped_column(info=label("Last login"))
    # Raised to end every session of the account (panel.security.sessions).
    session_generation: Mapped[int] = mapped_column(
        default=0, server_default="0", info=label("Session generation")
    )

    staff: Mapped[Staff | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive users cannot log in
        return self.active

    def get_id(self) -> str:
        """Flask-Login's alternative id: the id with the session generation, so that raising
        the generation ends every session (panel.security.sessions)."""
        return f"{self.id}:{self.session_generation or 0}"

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def display_name(self) -> str:
        return self.staff.name if self.staff else self.username

    def __str__(self) -> str:
        return self.display_name

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role.value}>"
