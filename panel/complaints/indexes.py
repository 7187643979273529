"""The indexes the complaint list needs at a million rows (migration 0007_scale).

- Sorted pages: ``(received_at, id)`` and the same behind each common equality filter, so a
  page — also page 500 — is read in order from the index alone (``id`` breaks ties, so pages
  never overlap or skip a row).
- Search by the start of the complaint number, plate, phone or name: PostgreSQL's
  ``varchar_pattern_ops`` serve ``LIKE 'prefix%'`` whatever the database collation; on SQLite
  the same indexes are ordinary ones.
"""

from __future__ import annotations

from sqlalchemy import Index

from panel.complaints.models import Complaint

C = Complaint

LIST_INDEXES = (
    Index("ix_complaint_received_at_id", C.received_at, C.id),
    Index("ix_complaint_status_received_at_id", C.status, C.received_at, C.id),
    Index("ix_complaint_severity_received_at_id", C.severity, C.received_at, C.id),
    Index(
        "ix_complaint_complained_dept_received_at_id",
        C.complained_department_id,
        C.received_at,
        C.id,
    ),
    Index(
        "ix_complaint_responsible_dept_received_at_id",
        C.responsible_department_id,
        C.received_at,
        C.id,
    ),
)
PREFIX_COLUMNS = {
    "ix_complaint_number_prefix": C.number,
    "ix_complaint_plate_number_prefix": C.plate_number,
    "ix_complaint_complainant_phone_prefix": C.complainant_phone,
    "ix_complaint_complainant_name_prefix": C.complainant_name,
}
PREFIX_INDEXES = tuple(
    Index(name, column, postgresql_ops={column.key: "varchar_pattern_ops"})
    for name, column in PREFIX_COLUMNS.items()
)
