"""Lists for everyone who may see them: CSV and XLSX export, and phone numbers masked by role.

Mixed into :class:`panel.admin.base.SecureModelView`, so every list view gets both. Exports run
through Flask-Admin's ``get_list`` and therefore through the view's ``get_query``: a view that
restricts its rows (department scoping) restricts its exports the same way, filters and search
included.
"""

from __future__ import annotations

import csv
import io
import time

from flask import Response, flash, redirect
from flask_admin import expose
from flask_admin.helpers import get_redirect_target
from flask_babel import gettext as _
from flask_login import current_user
from openpyxl import Workbook

from panel.access.privacy import mask_phone, sees_full_phone

# A spreadsheet program runs a cell starting with one of these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as a spreadsheet shows it, never run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def table_download(
    title: str, lines: list[list], kind: str, filename: str, sheet: str = "sheet"
) -> Response:
    """A titled table as CSV (UTF-8 with BOM, as Excel opens it) or XLSX (amounts as numbers)."""
    lines = [[safe_cell(cell) for cell in line] for line in lines]
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([title])
        writer.writerows(lines)
        return Response(
            "\ufeff" + buffer.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename={filename}.csv"},
        )
    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet
    worksheet.append([title])
    for line in lines:
        worksheet.append([float(c) if hasattr(c, "quantize") else c for c in line])
    data = io.BytesIO()
    book.save(data)
    return Response(
        data.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename={filename}.xlsx"},
    )


class ExportTooLarge(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def is_phone_column(name: str) -> bool:
    """``complainant_phone``, ``phone`` and ``complained_staff.phone`` hold phone numbers."""
    last = str(name).rsplit(".", 1)[-1]
    return last == "phone" or last.endswith("_phone")


def _viewer_sees_full_phone() -> bool:
    return current_user.is_authenticated and sees_full_phone(current_user.role)


class ListExportMixin:
    """CSV/XLSX export of the current list (its filters, search and row scope) and phone masking."""

    can_export = True
    export_types = ["csv", "xlsx"]
    export_max_rows = 50_000  # more than that is refused with a message, never cut silently

    # --- phone masking: list, details and export all go through _get_list_value ------------
    def _get_list_value(self, context, model, name, column_formatters, column_type_formatters):
        value = super()._get_list_value(
            context, model, name, column_formatters, column_type_formatters
        )
        if value and is_phone_column(name) and not _viewer_sees_full_phone():
            return mask_phone(str(value))
        return value

    def edit_form(self, obj=None):
        # A masked number must not come back in full through the edit form.
        form = super().edit_form(obj)
        if not _viewer_sees_full_phone():
            for field_name in [n for n in form._fields if is_phone_column(n)]:
                del form[field_name]
        return form

    # --- export -----------------------------------------------------------------------------
    def get_export_name(self, export_type: str = "csv") -> str:
        return f"{self.endpoint}_{time.strftime('%Y-%m-%d_%H-%M-%S')}.{export_type}"

    def get_export_value(self, model, name):
        return safe_cell(super().get_export_value(model, name))

    def _export_data(self):
        count, data = super()._export_data()
        if count is not None and len(data) < count:
            raise ExportTooLarge(count)
        return count, data

    def _export_csv(self, return_url):
        # Built within the request (the rows are capped), so the viewer's role decides the
        # masking; the byte-order mark makes Excel read the Chinese text as UTF-8.
        streamed = super()._export_csv(return_url)
        body = "\ufeff" + "".join(streamed.response)
        return Response(body, headers=dict(streamed.headers), mimetype="text/csv")

    @expose("/export/<export_type>/")
    def export(self, export_type: str):
        try:
            return super().export(export_type)
        except ExportTooLarge as too_large:
            flash(
                _(
                    "The export would hold %(count)d rows, more than %(max)d; narrow the "
                    "filters and export again.",
                    count=too_large.count,
                    max=self.export_max_rows,
                ),
                "error",
            )
            return redirect(get_redirect_target() or self.get_url(".index_view"))
