"""The reward/penalty summary as a table: CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _

from panel.admin.export import table_download
from panel.penalties.summary import PenaltySummary, Tally


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


def summary_response(summary: PenaltySummary, kind: str, title: str, filename: str) -> Response:
    return table_download(title, summary_rows(summary), kind, filename, sheet=filename[-7:])
