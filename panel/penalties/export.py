"""The reward/penalty summary as a table: CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

import csv
import io

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook

from panel.penalties.summary import PenaltySummary, Tally

# A spreadsheet program runs a cell starting with one of these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def headers() -> list[str]:
    return [
        _("Staff number"),
        _("Name"),
        _("Department"),
        _("Complaints"),
        _("Penalties"),
        _("Points deducted"),
        _("Major demerits"),
        _("Circulars"),
        _("Under appeal"),
        _("Revoked on appeal"),
        _("Commendations"),
        _("Commendation points"),
        _("Net points"),
        _("Amount due (¥)"),
        _("Amount recovered (¥)"),
    ]


def _figures(tally: Tally) -> list:
    return [
        tally.complaints,
        tally.penalties,
        tally.points,
        tally.demerits,
        tally.circulars,
        tally.under_appeal,
        tally.revoked,
        tally.commendations,
        tally.commendation_points,
        tally.net_points,
        tally.recovery_due,
        tally.recovered,
    ]


def summary_rows(summary: PenaltySummary) -> list[list]:
    """Header, one row per person, one per department subtotal, and the company total."""
    rows = [headers()]
    rows += [[r.staff_no, r.name, r.department, *_figures(r.tally)] for r in summary.staff]
    for department in summary.departments:
        label = _("Subtotal (%(n)d people)", n=department.staff)
        rows.append(["", label, department.department, *_figures(department.tally)])
    rows.append(["", _("Total"), "", *_figures(summary.total)])
    return rows


def _safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def summary_response(summary: PenaltySummary, kind: str, title: str, filename: str) -> Response:
    rows = [[_safe(cell) for cell in row] for row in summary_rows(summary)]
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([title])
        writer.writerows(rows)
        return Response(
            "\ufeff" + buffer.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename={filename}.csv"},
        )
    book = Workbook()
    sheet = book.active
    sheet.title = filename[-7:]
    sheet.append([title])
    for row in rows:
        sheet.append([float(c) if hasattr(c, "quantize") else c for c in row])
    data = io.BytesIO()
    book.save(data)
    return Response(
        data.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename={filename}.xlsx"},
    )
