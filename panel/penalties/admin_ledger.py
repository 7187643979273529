"""The staff ledger pages and the monthly reward/penalty summary (with CSV/XLSX export).

Managers and the auditor read the ledger; a department manager sees the staff of their own
department only. The monthly summary is for the general manager (001), the service manager
and the auditor.
"""

from __future__ import annotations

from datetime import date

from flask import abort, request
from flask_admin import expose
from flask_babel import gettext as _

from panel.access.roles import PENALTY_SUMMARY_ROLES, REVIEWERS
from panel.access.views import RoleView
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.staff import Staff
from panel.penalties.export import summary_response
from panel.penalties.ledger import staff_ledger
from panel.penalties.scope import own_department_id
from panel.penalties.summary import monthly_summary, penalty_summary


def _month_arg(default: date) -> date:
    try:
        year, month = (int(part) for part in request.args.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return default


def _year_arg(default: int) -> int:
    value = request.args.get("year", type=int)
    return value if value and 2000 <= value <= 2100 else default


def previous_month(today: date) -> date:
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


class StaffLedgerView(RoleView):
    view_roles = REVIEWERS

    @expose("/")
    def index(self):
        year = _year_arg(clock.today().year)
        summary = penalty_summary(
            db.session, date(year, 1, 1), date(year + 1, 1, 1), own_department_id()
        )
        return self.render("penalties/ledger_list.html", summary=summary, year=year)

    @expose("/<int:staff_id>")
    def person(self, staff_id: int):
        staff = db.session.get(Staff, staff_id) or abort(404)
        scope = own_department_id()
        if scope is not None and staff.department_id != scope:
            abort(403)
        return self.render("penalties/ledger_staff.html", ledger=staff_ledger(db.session, staff))


class PenaltySummaryView(RoleView):
    view_roles = PENALTY_SUMMARY_ROLES

    @expose("/")
    def index(self):
        month = _month_arg(previous_month(clock.today()))
        summary = monthly_summary(db.session, month.year, month.month)
        export = request.args.get("format")
        if export in ("csv", "xlsx"):
            title = _("Reward/penalty summary %(month)s", month=f"{month:%Y-%m}")
            return summary_response(summary, export, title, f"penalty-summary-{month:%Y-%m}")
        return self.render("penalties/summary.html", summary=summary, month=month)
