"""The complaint register."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import (
    DateBetweenFilter,
    FilterEqual,
    FilterInList,
    IntEqualFilter,
)
from flask_admin.form import SecureForm
from flask_admin.model.template import EndpointLinkRowAction
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from panel.access.roles import REGISTRARS
from panel.admin.base import ALL_ROLES, SecureModelView
from panel.admin.fastlist.listing import FastListMixin
from panel.admin.fields import AmountField, LazyOptions
from panel.complaints import casefile
from panel.complaints.enums import Category, Channel, Severity, Status
from panel.complaints.models import FLAG_FIELDS, Complaint
from panel.complaints.queues import QueueFilter
from panel.complaints.steps import handle_step_post, panel_context
from panel.core.models import field_label
from panel.notices.kinds import BATCH_PRINT_LABEL, ISSUING_ROLES, NOTICES_LABEL
from panel.organisation.models.department import Department
from panel.organisation.models.user import User


def _enum_filters(column, enum_cls):
    name = field_label(Complaint, column.key)
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
        column, field_label(Complaint, column.key), options=LazyOptions(_department_choices)
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
        "complained_department",
        "handler",
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
        DateBetweenFilter(Complaint.received_at, field_label(Complaint, "received_at")),
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
        "content": {"rows": 6},
        "customer_demand": {"rows": 3},
    }

    details_template = "complaint/details.html"

    def render(self, template, **kwargs):
        if template == self.details_template and "steps" not in kwargs and "model" in kwargs:
            kwargs.update(panel_context(kwargs["model"], current_user._get_current_object()))
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

    def on_model_change(self, form, model: Complaint, is_created: bool) -> None:
        if is_created and model.recorded_by_id is None:
            model.recorded_by_id = current_user.id

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
