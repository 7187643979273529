"""The complaint register."""

from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import (
    DateBetweenFilter,
    FilterEqual,
    FilterInList,
    IntEqualFilter,
)
from flask_admin.form import SecureForm
from flask_admin.helpers import is_form_submitted
from flask_admin.model.template import EndpointLinkRowAction
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from panel.access.roles import REGISTRARS
from panel.admin.base import ALL_ROLES, SecureModelView
from panel.admin.fastlist.listing import FastListMixin
from panel.admin.fields import AmountField, LazyOptions
from panel.complaints import casefile, listing, preview, registration
from panel.complaints.enums import Category, Channel, Severity, Status
from panel.complaints.models import FLAG_FIELDS, Complaint
from panel.complaints.queues import QueueFilter
from panel.complaints.repeats import link_repeats
from panel.complaints.steps import handle_step_post, panel_context
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.models import lazy_label
from panel.notices.kinds import BATCH_PRINT_LABEL, ISSUING_ROLES, NOTICES_LABEL
from panel.organisation.models.department import Department
from panel.organisation.models.user import User
from panel.organisation.settings import business_kind


def _enum_filters(column, enum_cls):
    name = lazy_label(Complaint, column.key)
    return [
        FilterEqual(column, name, options=enum_cls.choices()),
        FilterInList(column, name, options=enum_cls.choices()),
    ]


def active_departments():
    return Department.query.filter_by(active=True).order_by(Department.code)


def _department_choices() -> list[tuple[int, str]]:
    return [(d.id, d.name) for d in Department.query.order_by(Department.code)]


def _department_filter(column):
    return IntEqualFilter(
        column, lazy_label(Complaint, column.key), options=LazyOptions(_department_choices)
    )


class ComplaintView(FastListMixin, SecureModelView):
    """The register. Its list stays fast at a million complaints
    (:mod:`panel.admin.fastlist.listing`):
    no full count, pages read through indexes, search by the start of a number, plate, phone
    or name, filters on indexed columns."""

    view_roles = ALL_ROLES
    create_roles = REGISTRARS
    edit_roles = REGISTRARS

    column_default_sort = ("received_at", True)
    column_list = (
        "number",
        "received_at",
        "channel",
        "complainant_name",
        "complainant_phone",
        "plate_number",
        "category",
        "severity",
        "status",
        "time_left",
        "complained_department",
        "handler",
    )
    extra_labels = {"time_left": _l("Time left")}
    # Status and severity as coloured badges, the time left (overdue rows stand out).
    column_formatters = listing.LIST_FORMATTERS
    column_formatters_export = listing.EXPORT_FORMATTERS
    column_formatters_detail: dict = {}
    list_template = "complaint/list.html"  # the queues as saved filters over the fast list
    list_base_template = "fastlist/list.html"
    # The export is the electronic 投诉处理台帐: the list's columns, the due times and the reply
    # owed to a transferring regulator with the time it was given (panel.worktime).
    column_export_list = (
        *column_list,
        "step_due_at",
        "resolve_due_at",
        "regulator_name",
        "regulator_reply_due_at",
        "regulator_replied_at",
    )
    column_sortable_list = ("number", "received_at", "severity", "status")
    column_searchable_list = ("number", "plate_number", "complainant_phone", "complainant_name")
    list_eager = (
        joinedload(Complaint.complained_department),
        joinedload(Complaint.handler).joinedload(User.staff),
    )
    column_filters = (
        *_enum_filters(Complaint.status, Status),
        *_enum_filters(Complaint.channel, Channel),
        *_enum_filters(Complaint.category, Category),
        *_enum_filters(Complaint.severity, Severity),
        DateBetweenFilter(Complaint.received_at, lazy_label(Complaint, "received_at")),
        _department_filter(Complaint.complained_department_id),
        _department_filter(Complaint.responsible_department_id),
        QueueFilter(),
    )
    column_details_exclude_list = ("version_id",)
    form_columns = (
        "received_at",
        "channel",
        "regulator_name",
        "complainant_name",
        "complainant_phone",
        "complainant_address",
        "plate_number",
        "vehicle_model",
        "repair_order_no",
        "trip_at",
        "trip_route",
        "content",
        "read_back",
        "customer_demand",
        "complained_department",
        "complained_staff",
        "amount_claimed",
        "people_count",
        *FLAG_FIELDS,
        "category",
        "nature",
        "responsible_department",
        "severity",
        "urgency",
        "severity_lowered_reason",
    )
    column_editable_list = ("severity", "urgency")
    form_ajax_refs = {
        "complained_staff": {"fields": ("name", "staff_no"), "page_size": 20},
    }
    form_args = {
        "complained_department": {"query_factory": active_departments},
        "responsible_department": {"query_factory": active_departments},
    }
    form_overrides = {"amount_claimed": AmountField}
    form_widget_args = {
        "content": {"rows": 4},
        "customer_demand": {"rows": 2},
    }
    # One screen: field sets in columns, the live verdict (panel.complaints.registration).
    form_create_rules = form_edit_rules = registration.form_rules()
    create_template = "complaint/create.html"
    edit_template = "complaint/edit.html"

    details_template = "complaint/details.html"

    def render(self, template, **kwargs):
        if template == self.details_template and "steps" not in kwargs and "model" in kwargs:
            kwargs.update(panel_context(kwargs["model"], current_user._get_current_object()))
        if template == self.details_template and "model" in kwargs:
            kwargs.update(
                casefile.layout(kwargs["model"], kwargs["details_columns"], kwargs["get_value"])
            )
        return super().render(template, **kwargs)

    def render_details(self, model: Complaint, status: int = 200):
        html = self.render(
            self.details_template,
            model=model,
            details_columns=self._details_columns,
            get_value=self.get_detail_value,
            return_url=self.get_url(".index_view"),
        )
        return html, status

    def _case_file_post(self, complaint_id: int, handle):
        """A form posted from the case file: refused back to it when the CSRF token is stale."""
        if not SecureForm(request.form).validate():
            flash(_("The form expired; reload the page and try again."), "error")
            return redirect(url_for(".details_view", id=complaint_id))
        return handle(self, complaint_id)

    @expose("/step/<int:complaint_id>", methods=["POST"])
    def step_view(self, complaint_id: int):
        return self._case_file_post(complaint_id, handle_step_post)

    # The case file (panel.complaints.casefile): the full phone number on request, evidence files.
    @expose("/phone/<int:complaint_id>", methods=["POST"])
    def reveal_phone_view(self, complaint_id: int):
        return self._case_file_post(complaint_id, casefile.reveal_phone)

    @expose("/attachments/<int:complaint_id>", methods=["POST"])
    def upload_view(self, complaint_id: int):
        return self._case_file_post(complaint_id, casefile.upload_attachment)

    @expose("/attachment/<int:attachment_id>")
    def attachment_view(self, attachment_id: int):
        return casefile.serve_attachment(self, attachment_id)

    # --- the registration and edit form (panel.complaints.registration) ---------------------
    def scaffold_form(self):
        form_class = super().scaffold_form()
        registration.leave_to_the_criteria(form_class)
        return form_class

    def create_form(self, obj=None):
        form = registration.fit_to_business(super().create_form(obj), business_kind(db.session))
        g.complaint_form = form
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        registration.fit_to_business(form, business_kind(db.session), obj)
        form.complaint = obj
        g.complaint_form = form
        return form

    def validate_form(self, form) -> bool:
        """Every field at once: the form's own checks and the model's field rules."""
        if not is_form_submitted():
            return False
        valid = form.validate()
        stored = getattr(form, "complaint", None)
        registered = stored.created_at if stored is not None and stored.created_at else None
        actor = current_user._get_current_object()
        checked = registration.check_fields(form, db.session, actor, registered or clock.now())
        return valid and checked

    def form_error_summary(self, form):
        return registration.summary_html(form)

    def handle_view_exception(self, exc: Exception) -> bool:
        # A flush-time refusal naming a field is shown under that field.
        form = g.get("complaint_form")
        if (
            isinstance(exc, RuleError)
            and form is not None
            and registration.put_under_field(form, exc)
        ):
            return True
        return super().handle_view_exception(exc)

    @expose("/classify/", methods=["POST"])
    def classify_view(self):
        """The live verdict of the form as typed so far (``desk.js``), as HTML to show."""
        if not (self.can_create or self.can_edit):
            abort(403)
        if not SecureForm(request.form).validate():
            abort(400)
        stored = None
        if request.args.get("id"):
            stored = self.get_one(request.args["id"])
            if stored is None:
                abort(404)
        form = self.create_form()
        form.complaint = stored
        chosen = form.severity.data if "severity" in form else None
        with db.session.no_autoflush:
            html = preview.panel_html(preview.draft_of_form(form), chosen)
        return jsonify({"html": str(html)})

    def after_model_change(self, form, model: Complaint, is_created: bool) -> None:
        # Only approved content may be told to the customer (000 §5.6): a gentle reminder.
        for _field, message in preview.promise_warnings(model):
            flash(message, "warning")

    def saved_filters(self) -> list[dict]:
        return listing.saved_filters()

    def on_model_change(self, form, model: Complaint, is_created: bool) -> None:
        if is_created and model.recorded_by_id is None:
            model.recorded_by_id = current_user.id
        if is_created:  # "link as repeat" beside the form (panel.intake, static/intake/history.js)
            link_repeats(
                db.session,
                model,
                request.form.getlist("repeat_of"),
                current_user._get_current_object(),
            )

    @property
    def extra_js(self):
        return [url_for("intake_assets.static", filename="intake/history.js")]

    # Notices (panel.notices): a print link per row, batch printing of the ticked rows.
    @property
    def column_extra_row_actions(self):
        if not self._role_in(ISSUING_ROLES):
            return []
        return [
            EndpointLinkRowAction(
                "fa fa-print", "notice_issue.complaint", NOTICES_LABEL, id_arg="complaint_id"
            )
        ]

    @action("batch_print", BATCH_PRINT_LABEL)
    def action_batch_print(self, ids):
        from panel.notices.admin_batch import start_batch_print

        return start_batch_print(ids)

    def is_action_allowed(self, name: str) -> bool:
        if name == "batch_print":
            return self._role_in(ISSUING_ROLES)
        return super().is_action_allowed(name)
