"""Departments and staff."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from panel.access.roles import ADMIN_ONLY
from panel.admin.base import ALL_ROLES, SecureModelView


class DepartmentView(SecureModelView):
    view_roles = ALL_ROLES
    create_roles = edit_roles = delete_roles = ADMIN_ONLY
    column_list = ("code", "name", "kind", "manager", "active")
    column_searchable_list = ("name", "code")
    form_columns = ("code", "name", "kind", "manager", "active")
    form_ajax_refs = {"manager": {"fields": ("name", "staff_no"), "page_size": 20}}


class StaffView(SecureModelView):
    view_roles = ALL_ROLES
    create_roles = edit_roles = delete_roles = ADMIN_ONLY
    column_list = (
        "staff_no",
        "name",
        "department",
        "position",
        "phone",
        "is_driver",
        "vehicle_plate",
        "active",
    )
    column_searchable_list = ("name", "staff_no", "vehicle_plate")
    column_filters = ("is_driver", "active", "department.name")
    # Named here: Flask-Admin would join the two labels in the language of start-up.
    extra_labels = {"department.name": _l("Department")}
    form_columns = (
        "staff_no",
        "name",
        "department",
        "position",
        "phone",
        "is_driver",
        "driver_licence_no",
        "vehicle_plate",
        "active",
    )
