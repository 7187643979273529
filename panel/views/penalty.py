"""Penalties on staff at fault."""

from __future__ import annotations

from panel.models import Role
from panel.views.base import SecureModelView

MANAGERS = frozenset({Role.DEPT_MANAGER, Role.SERVICE_MANAGER, Role.GENERAL_MANAGER})


class PenaltyView(SecureModelView):
    view_roles = MANAGERS | {Role.AUDITOR}
    create_roles = edit_roles = MANAGERS
    column_list = ("complaint", "staff", "kind", "points", "status", "created_at")
    column_default_sort = ("created_at", True)
    form_columns = ("complaint", "staff", "kind", "points", "reason", "note")
    form_ajax_refs = {
        "complaint": {"fields": ("number",), "page_size": 20},
        "staff": {"fields": ("name", "staff_no"), "page_size": 20},
    }
