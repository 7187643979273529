"""Regulator and OEM lists (CSV or XLSX, as the 12345-style platforms export them): read the
rows, judge each one (new, already known, changed, error with its reason) and import them
through the same path as the API (:func:`panel.intake.operations.receive`)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from panel.core.errors import RuleError
from panel.intake import operations
from panel.intake.models import IntakeSource, Via
from panel.intake.rules import WorkOrderData, heading_map, read_work_order
from panel.organisation.models.user import User

NEW, KNOWN, CHANGED, ERROR = "new", "known", "changed", "error"
VERDICTS = {
    NEW: _l("New"),
    KNOWN: _l("Already known"),
    CHANGED: _l("Known, changed (will be updated)"),
    ERROR: _l("Error"),
}
MAX_ROWS = 5000


@dataclass
class Row:
    """One line of a list: its number in the file, its fields, and the verdict on it."""

    line: int
    raw: dict
    source: IntakeSource | None = None
    data: WorkOrderData | None = None
    verdict: str = ERROR
    message: str = ""
    number: str = ""  # the complaint it is (or became)
    changes: dict = field(default_factory=dict)

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS[self.verdict])


def read_table(file_name: str, content: bytes) -> list[list]:
    """The cells of a CSV (UTF-8, or GB 18030 as Excel in China saves it) or XLSX file."""
    if file_name.lower().endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise RuleError(_("%(name)s is not a readable XLSX file.", name=file_name)) from None
        sheet = book.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RuleError(_("%(name)s is neither UTF-8 nor GB 18030 text.", name=file_name))
    return [row for row in csv.reader(io.StringIO(text))]


def rows_of(file_name: str, content: bytes) -> list[Row]:
    """The list's rows under its heading row (the first row that names known columns)."""
    table = read_table(file_name, content)
    heading = next(
        (i for i, cells in enumerate(table) if "ticket_no" in heading_map(cells).values()), None
    )
    if heading is None:
        raise RuleError(_("The list has no heading row with a ticket number column (工单编号)."))
    mapping = heading_map(table[heading])
    rows = []
    for offset, cells in enumerate(table[heading + 1 :], start=heading + 2):
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        raw = {name: cells[col] for col, name in mapping.items() if col < len(cells)}
        rows.append(Row(line=offset, raw=raw))
    if len(rows) > MAX_ROWS:
        raise RuleError(_("A list may hold at most %(max)d rows.", max=MAX_ROWS))
    return rows


def judge(session: Session, rows: list[Row], default_source: IntakeSource | None) -> list[Row]:
    """Give every row its verdict, without changing anything."""
    seen = set()
    for row in rows:
        code = row.raw.get("source")
        row.source = operations.source_coded(session, code) if code else default_source
        if row.source is None:
            row.verdict = ERROR
            row.message = _("Unknown source “%(code)s”.", code=code or "")
            continue
        row.data = read_work_order(row.raw)
        if row.data.errors:
            row.verdict, row.message = ERROR, "；".join(row.data.errors.values())
            continue
        key = (row.source.id, row.data.ticket_no)
        existing = operations.work_order_of(session, row.source, row.data.ticket_no)
        if key in seen:
            row.verdict = ERROR
            row.message = _("Ticket %(ticket)s appears twice in the list.", ticket=key[1])
        elif existing is None:
            row.verdict = NEW
        else:
            row.number = existing.complaint.number
            same = existing.payload_hash == row.data.payload_hash()
            row.verdict = KNOWN if same else CHANGED
        seen.add(key)
    return rows


def import_rows(session: Session, rows: list[Row], actor: User, via: Via) -> Counter:
    """Import the new and changed rows (each in a savepoint: a row the rules refuse is
    reported and the others go in); returns the count of each outcome."""
    counts = Counter()
    for row in rows:
        if row.verdict == ERROR:
            counts[ERROR] += 1
            continue
        try:
            with session.begin_nested():
                received = operations.receive(session, row.source, row.data, actor, via)
        except RuleError as exc:
            row.verdict, row.message = ERROR, exc.message
            counts[ERROR] += 1
            continue
        row.number, row.changes = received.complaint.number, received.changes
        outcome = {operations.CREATED: NEW, operations.UPDATED: CHANGED}.get(received.result, KNOWN)
        row.verdict = outcome
        counts[outcome] += 1
    return counts
