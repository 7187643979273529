"""Register complaints from a list file (OEM work orders, regulator transfer lists).

The shared intake path does the work (:mod:`panel.intake.lists`): every row goes through the
model validation and flush rules like the panel's form, and a work order is registered once per
(source, ticket number). A bad row refuses the whole file, with its line number.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from panel.complaints.models import Complaint
from panel.core.errors import RuleError
from panel.organisation.models.user import User


def import_complaints(
    session: Session, content: bytes, file_name: str, actor: User, source_code: str | None = None
) -> list[Complaint]:
    """Import every row as ``actor``; raise RuleError naming the line of the first bad row."""
    from panel.intake import lists, operations
    from panel.intake.models import Via

    source = operations.source_coded(session, source_code) if source_code else None
    if source_code and source is None:
        raise RuleError(_("Unknown source “%(code)s”.", code=source_code))
    rows = lists.judge(session, lists.rows_of(file_name, content), source)
    for row in rows:
        if row.verdict == lists.ERROR:
            raise RuleError(_("Line %(line)d: %(message)s", line=row.line, message=row.message))
    lists.import_rows(session, rows, actor, Via.CLI)
    for row in rows:
        if row.verdict == lists.ERROR:
            raise RuleError(_("Line %(line)d: %(message)s", line=row.line, message=row.message))
    return [_complaint(session, row) for row in rows]


def _complaint(session: Session, row) -> Complaint:
    from panel.intake.operations import work_order_of

    return work_order_of(session, row.source, row.data.ticket_no).complaint
