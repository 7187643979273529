"""Departments of a dealer, repair shop or taxi company."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panel.core.extensions import db
from panel.core.models import LabelledEnum, TimestampMixin, enum_column, label

if TYPE_CHECKING:
    from panel.organisation.models.staff import Staff


class DepartmentKind(LabelledEnum):
    CUSTOMER_SERVICE = "customer_service", _l("Customer service")
    SALES = "sales", _l("Sales")
    AFTER_SALES = "after_sales", _l("After-sales service")
    FINANCE = "finance", _l("Finance")
    PARTS = "parts", _l("Parts")
    ADMINISTRATION = "administration", _l("Administration")
    OPERATIONS = "operations", _l("Operations")
    QUALITY_INSPECTION = "quality_inspection", _l("Quality inspection")


class Department(TimestampMixin, db.Model):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True, info=label("Department name"))
    code: Mapped[str] = mapped_column(String(20), unique=True, info=label("Department code"))
    kind: Mapped[DepartmentKind] = mapped_column(
        enum_column(DepartmentKind, "department_kind"), info=label("Department kind")
    )
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", use_alter=True, ondelete="SET NULL"), info=label("Manager")
    )
    active: Mapped[bool] = mapped_column(default=True, info=label("Active"))

    manager: Mapped[Staff | None] = relationship(foreign_keys=[manager_id], post_update=True)
    staff: Mapped[list[Staff]] = relationship(
        back_populates="department", foreign_keys="Staff.department_id"
    )

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Department {self.code} {self.name}>"
