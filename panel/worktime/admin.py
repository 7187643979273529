"""The administrator's pages of the working calendar, and the pending ledger's review,
export and print endpoints.

* 工作日历 (``/admin/work_day/``): public holidays and make-up working days; the administrator
  enters next year's when the State Council's notice is out, or imports them from the libraries
  once they know the year. Managers and the auditor read it.
* 日历与营业时间 (``/admin/work_calendar/``, ``/admin/work_hours/``): the calendars SLA rows count
  in (24×7 counts wall-clock time) and their business hours per weekday.
* The pending ledger (``/admin/ledger/``, :mod:`panel.complaints.desk`) records its reviews
  and exports and prints through the functions at the end.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import DateBetweenFilter, FilterEqual
from flask_admin.form import SecureForm
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField

from panel.access.roles import ADMIN_ONLY, POLICY_READERS
from panel.admin.base import SecureModelView
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.models import lazy_label
from panel.worktime import ledger, operations
from panel.worktime.models import WEEKDAYS, DayKind, WorkCalendar, WorkDay, WorkHours

bp = Blueprint("worktime", __name__, template_folder="templates")


class WorkDayView(SecureModelView):
    view_roles = POLICY_READERS
    create_roles = edit_roles = delete_roles = ADMIN_ONLY
    column_list = ("day", "kind", "name", "source")
    column_default_sort = ("day", True)
    column_searchable_list = ("name",)
    column_filters = (
        FilterEqual(WorkDay.kind, lazy_label(WorkDay, "kind"), options=DayKind.choices()),
        DateBetweenFilter(WorkDay.day, lazy_label(WorkDay, "day")),
    )
    form_columns = ("day", "kind", "name", "source")
    list_template = "worktime/work_day_list.html"

    def on_model_change(self, form, model: WorkDay, is_created: bool) -> None:
        if not (model.source or "").strip():
            model.source = _("Entered by hand")

    def render(self, template, **kwargs):
        if template == self.list_template:
            today = clock.today()
            kwargs.setdefault("import_years", (today.year, today.year + 1))
        return super().render(template, **kwargs)

    @expose("/import", methods=("POST",))
    def import_view(self):
        """Fill a year from the libraries (chinesecalendar, holidays), keeping edited rows."""
        if not self.can_create:
            abort(403)
        if not SecureForm(request.form).validate():
            flash(_("The form expired; reload the page and try again."), "error")
            return redirect(url_for(".index_view"))
        year = request.form.get("year", "")
        if not year.isdigit() or not 2000 <= int(year) <= 2100:
            flash(_("Choose a year to import."), "error")
            return redirect(url_for(".index_view"))
        try:
            seeded = operations.seed_year(db.session, int(year))
            db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for(".index_view"))
        if seeded.source is None:
            flash(
                _(
                    "The libraries do not know the holidays of %(year)s yet: enter them by hand "
                    "from the State Council's notice, or update chinesecalendar/holidays.",
                    year=year,
                ),
                "error",
            )
        else:
            flash(
                _(
                    "%(year)s imported from %(source)s: %(added)d days added, %(kept)d kept.",
                    year=year,
                    source=seeded.source,
                    added=seeded.added,
                    kept=seeded.kept,
                ),
                "success",
            )
        return redirect(url_for(".index_view"))


class WorkCalendarView(SecureModelView):
    view_roles = POLICY_READERS
    create_roles = edit_roles = ADMIN_ONLY
    column_list = ("code", "name", "round_the_clock")
    form_columns = ("code", "name", "round_the_clock")


def _weekday(_view, _context, model, _name) -> str:
    return model.weekday_label


class WorkHoursView(SecureModelView):
    view_roles = POLICY_READERS
    create_roles = edit_roles = delete_roles = ADMIN_ONLY
    column_list = ("calendar", "weekday", "opens", "closes", "lunch_starts", "lunch_ends")
    column_default_sort = [("calendar_id", False), ("weekday", False)]
    column_formatters = {"weekday": _weekday}
    form_columns = ("calendar", "weekday", "opens", "closes", "lunch_starts", "lunch_ends")
    form_overrides = {"weekday": SelectField}

    @property
    def form_args(self):
        return {
            "weekday": {
                "choices": [(i, label) for i, label in enumerate(WEEKDAYS)],
                "coerce": int,
            }
        }


# --- the pending ledger's review, export and print (routes of panel.complaints.desk) -------


def review_post(complaint_id: int):
    """Record the review posted from the ledger page, as the logged-in user."""
    from datetime import date

    from panel.complaints.landing import complaint_view

    back = redirect(url_for("ledger.index_view"))
    if not SecureForm(request.form).validate():
        flash(_("The form expired; reload the page and try again."), "error")
        return back
    complaint = complaint_view().get_one(str(complaint_id))
    if complaint is None:
        abort(404)
    try:
        next_on = date.fromisoformat(request.form.get("next_review_on", ""))
    except ValueError:
        flash(_("Enter the next review date."), "error")
        return back
    user = current_user._get_current_object()
    try:
        operations.record_review(
            db.session, complaint, user, request.form.get("conclusion", ""), next_on
        )
        db.session.commit()
    except RuleError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return back
    flash(_("Review of %(number)s recorded.", number=complaint.number), "success")
    return back


def _rows():
    return ledger.ledger_rows(db.session, current_user._get_current_object(), clock.now())


def export_ledger(kind: str):
    """The ledger as CSV or XLSX, with the reviews."""
    if kind not in ("csv", "xlsx"):
        abort(400)
    title = _("Pending on the customer (ledger)")
    return ledger.export_response(_rows(), kind, title, f"pending-ledger-{clock.today():%Y-%m-%d}")


def print_ledger():
    """The ledger as a PDF, with the reviews."""
    user = current_user._get_current_object()
    name = f"pending-ledger-{clock.today():%Y-%m-%d}"
    return ledger.pdf_response(db.session, _rows(), user, clock.now(), name)


def add_views(app, admin) -> None:
    app.register_blueprint(bp)
    category = _l("Settings")
    admin.add_view(
        WorkDayView(
            WorkDay, db, name=_l("Working calendar"), endpoint="work_day", category=category
        )
    )
    admin.add_view(
        WorkCalendarView(
            WorkCalendar, db, name=_l("Calendars"), endpoint="work_calendar", category=category
        )
    )
    admin.add_view(
        WorkHoursView(
            WorkHours, db, name=_l("Business hours"), endpoint="work_hours", category=category
        )
    )
