"""Register complaints from a CSV file (OEM work orders, regulator transfer lists).

Each row goes through the same model validation and flush rules as the panel's form; a bad
row refuses the whole file, with its line number and the field at fault.
"""

from __future__ import annotations

import csv
from datetime import datetime
from typing import IO

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.complaints.enums import Category, Channel
from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.models import field_label
from panel.organisation.models.department import Department
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import User

TEXT_FIELDS = (
    "complainant_name",
    "complainant_phone",
    "complainant_address",
    "plate_number",
    "vehicle_model",
    "repair_order_no",
    "trip_route",
    "content",
    "customer_demand",
    "regulator_name",
    "amount_claimed",
    "people_count",
)


def _row_to_complaint(session: Session, row: dict[str, str]) -> Complaint:
    complaint = Complaint()
    for name in TEXT_FIELDS:
        value = (row.get(name) or "").strip()
        if value:
            setattr(complaint, name, value)
    try:
        complaint.channel = Channel(row.get("channel", "").strip())
    except ValueError:
        raise RuleError(
            _(
                "%(field)s: unknown value “%(value)s”.",
                field=field_label(Complaint, "channel"),
                value=row.get("channel", ""),
            ),
            "channel",
        ) from None
    try:
        complaint.category = Category(row.get("category", "").strip())
    except ValueError:
        raise RuleError(
            _(
                "%(field)s: unknown value “%(value)s”.",
                field=field_label(Complaint, "category"),
                value=row.get("category", ""),
            ),
            "category",
        ) from None
    if row.get("received_at", "").strip():
        try:
            complaint.received_at = datetime.fromisoformat(row["received_at"].strip())
        except ValueError:
            raise RuleError(
                _(
                    "%(field)s: “%(value)s” is not a date and time.",
                    field=field_label(Complaint, "received_at"),
                    value=row["received_at"],
                ),
                "received_at",
            ) from None
    if row.get("department_code", "").strip():
        complaint.complained_department = session.scalar(
            select(Department).filter_by(code=row["department_code"].strip())
        )
    if row.get("staff_no", "").strip():
        complaint.complained_staff = session.scalar(
            select(Staff).filter_by(staff_no=row["staff_no"].strip())
        )
    return complaint


def import_complaints(session: Session, handle: IO[str], actor: User) -> list[Complaint]:
    """Register every row as ``actor``; raise RuleError naming the line of the first bad row."""
    imported = []
    with acting_as(actor):
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                complaint = _row_to_complaint(session, row)
                session.add(complaint)
                session.flush()
            except RuleError as exc:
                raise RuleError(
                    _("Line %(line)d: %(message)s", line=line, message=exc.message), exc.field
                ) from None
            imported.append(complaint)
    return imported
