"""Employees and taxi drivers: the people complaints name and penalties fall on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from panel.core.extensions import db
from panel.core.models import TimestampMixin, field_label, label
from panel.core.validation import normalise_phone, normalise_plate

if TYPE_CHECKING:
    from panel.organisation.models.department import Department


class Staff(TimestampMixin, db.Model):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), info=label("Name"))
    staff_no: Mapped[str] = mapped_column(String(20), unique=True, info=label("Staff number"))
    department_id: Mapped[int] = mapped_column(
        ForeignKey("department.id", ondelete="RESTRICT"), index=True, info=label("Department")
    )
    position: Mapped[str | None] = mapped_column(String(40), info=label("Position"))
    phone: Mapped[str | None] = mapped_column(String(24), info=label("Phone"))
    is_driver: Mapped[bool] = mapped_column(default=False, info=label("Taxi driver"))
    driver_licence_no: Mapped[str | None] = mapped_column(
        String(30), info=label("Driver's licence number")
    )
    vehicle_plate: Mapped[str | None] = mapped_column(String(10), info=label("Vehicle plate"))
    active: Mapped[bool] = mapped_column(default=True, info=label("Active"))

    department: Mapped[Department] = relationship(
        back_populates="staff", foreign_keys=[department_id]
    )

    @validates("phone")
    def _validate_phone(self, key, value):
        return normalise_phone(field_label(Staff, key), value)

    @validates("vehicle_plate")
    def _validate_plate(self, key, value):
        return normalise_plate(field_label(Staff, key), value)

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_no}）"

    def __repr__(self) -> str:
        return f"<Staff {self.staff_no} {self.name}>"
