"""The managers' dashboard, its PDF summary, and the monthly intake table."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, flash, request
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from panel.access.roles import INTAKE_DELETERS, INTAKE_EDITORS, POLICY_READERS, REVIEWERS
from panel.access.views import RoleView
from panel.admin.base import SecureModelView
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.organisation.models.user import Role
from panel.reports.figures import dashboard
from panel.reports.models import MonthlyIntake
from panel.reports.periods import KINDS, Period, date_range, period_of
from panel.reports.summary import chart_set, summary_pdf


def _day(text: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(text) if text else fallback
    except ValueError:
        flash(_("“%(value)s” is not a date; showing %(day)s.", value=text, day=fallback), "error")
        return fallback


def requested_period(args, today: date) -> Period:
    """The period of the query string: ``period=week|month|quarter|year&date=…`` or
    ``period=range&start=…&end=…``; the current month by default."""
    kind = args.get("period", "month")
    if kind not in KINDS:
        kind = "month"
    if kind == "range":
        return date_range(_day(args.get("start"), today), _day(args.get("end"), today))
    return period_of(kind, _day(args.get("date"), today))


def requested_department() -> int | None:
    """A department manager sees their own department only; the others choose (or not)."""
    if current_user.role is Role.DEPT_MANAGER:
        staff = current_user.staff
        if staff is None:
            abort(403)
        return staff.department_id
    chosen = request.args.get("department", type=int)
    if chosen is not None and db.session.get(Department, chosen) is None:
        return None
    return chosen


class DashboardView(RoleView):
    """Seed figures against their targets, timeliness per step, breakdowns and trends."""

    view_roles = REVIEWERS

    @expose("/")
    def index(self):
        period = requested_period(request.args, clock.today())
        department_id = requested_department()
        board = dashboard(db.session, period, department_id)
        departments = db.session.scalars(select(Department).order_by(Department.code)).all()
        return self.render(
            "reports/dashboard.html",
            board=board,
            charts=chart_set(board),
            period=period,
            kinds=KINDS,
            departments=departments,
            department_id=department_id,
            own_department_only=current_user.role is Role.DEPT_MANAGER,
            previous_url=self.get_url(
                ".index", **_neighbours(period)["previous"], department=department_id or ""
            ),
            next_url=self.get_url(
                ".index", **_neighbours(period)["next"], department=department_id or ""
            ),
            pdf_url=self.get_url(
                ".summary", **{**request.args.to_dict(), "department": department_id or ""}
            ),
        )

    @expose("/summary.pdf")
    def summary(self):
        period = requested_period(request.args, clock.today())
        department_id = requested_department()
        pdf = summary_pdf(db.session, period, department_id)
        return Response(
            pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f"attachment; filename=summary-{period.slug}.pdf"},
        )


def _neighbours(period: Period) -> dict[str, dict]:
    """Query arguments of the period before and after (same kind and length)."""
    day = timedelta(days=1)
    if period.kind == "range":
        length = period.end - period.start
        return {
            "previous": {
                "period": "range",
                "start": (period.start - length).isoformat(),
                "end": (period.start - day).isoformat(),
            },
            "next": {
                "period": "range",
                "start": period.end.isoformat(),
                "end": (period.end + length - day).isoformat(),
            },
        }
    return {
        "previous": {"period": period.kind, "date": (period.start - day).isoformat()},
        "next": {"period": period.kind, "date": period.end.isoformat()},
    }


class IntakeView(SecureModelView):
    """Vehicles taken in (or trips, vehicles in service) per site and month."""

    view_roles = POLICY_READERS
    create_roles = edit_roles = INTAKE_EDITORS
    delete_roles = INTAKE_DELETERS
    column_list = ("month", "site", "department", "kind", "count", "note")
    column_default_sort = ("month", True)
    column_sortable_list = ("month", "site", "count")
    column_searchable_list = ("site",)
    column_filters = ("month", "site", "kind")
    column_formatters = {"month": lambda _v, _c, m, _n: f"{m.month:%Y-%m}"}
    column_formatters_export = {"month": lambda _v, _c, m, _n: f"{m.month:%Y-%m}"}
    form_columns = ("month", "site", "department", "kind", "count", "note")
    column_descriptions = {
        "month": _l("Any day of the month; it is stored as the month's first day."),
    }


def add_views(admin) -> None:
    """Register the dashboard and the intake table under 报表 (Reports)."""
    category = _l("Reports")
    admin.add_view(
        DashboardView(name=_l("Dashboard"), endpoint="reports", url="reports", category=category)
    )
    admin.add_view(
        IntakeView(
            MonthlyIntake, db, name=_l("Monthly intake"), endpoint="intake", category=category
        )
    )
