"""Authority limits: which remedy kinds each role may grant, and up to what amount."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Numeric, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from panel.core.extensions import db
from panel.core.models import TimestampMixin, enum_column, label
from panel.organisation.models.user import Role
from panel.remedies.models import RemedyKind


class AuthorityLimit(TimestampMixin, db.Model):
    """One row per (role, remedy kind) the role may grant; no row means it may not.

    ``max_amount`` NULL means without limit.
    """

    __tablename__ = "authority_limit"
    __table_args__ = (UniqueConstraint("role", "remedy_kind", name="role_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "authority_role"), info=label("Role"))
    remedy_kind: Mapped[RemedyKind] = mapped_column(
        enum_column(RemedyKind, "authority_remedy_kind"), info=label("Remedy kind")
    )
    max_amount: Mapped[Decimal | None] = mapped_column(
        Numeric(12, 2), info=label("Up to amount (¥, empty = no limit)")
    )

    def covers(self, amount: Decimal) -> bool:
        return self.max_amount is None or amount <= self.max_amount

    def __repr__(self) -> str:
        return f"<AuthorityLimit {self.role.value} {self.remedy_kind.value} {self.max_amount}>"
