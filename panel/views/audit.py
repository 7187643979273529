"""The audit trail, read-only."""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from panel.models import Role
from panel.rules.roles import MANAGERS
from panel.views.base import SecureModelView
from panel.workspace.privacy import audit_value
from panel.workspace.viewscope import viewer


def _changes(model) -> list[tuple[str, str, str]]:
    """Each change as text, phone numbers masked for roles that see them masked."""
    role = viewer().role if viewer() else None
    return [
        (
            key,
            json.dumps(audit_value(before, key, role), ensure_ascii=False),
            json.dumps(audit_value(after, key, role), ensure_ascii=False),
        )
        for key, (before, after) in sorted(model.changes.items())
    ]


def format_changes(_view, _context, model, _name) -> Markup:
    rows = "".join(
        f"<li><code>{escape(key)}</code>: {escape(before)} → {escape(after)}</li>"
        for key, before, after in _changes(model)
    )
    return Markup(f"<ul class='mb-0 small'>{rows}</ul>")


def format_changes_export(_view, _context, model, _name) -> str:
    return "; ".join(f"{key}: {before} → {after}" for key, before, after in _changes(model))


class AuditEntryView(SecureModelView):
    view_roles = MANAGERS | {Role.AUDITOR, Role.ADMIN}
    can_view_details = True
    column_list = ("at", "actor_name", "action", "table_name", "row_id", "complaint_id", "changes")
    column_default_sort = ("id", True)
    column_filters = ("table_name", "action", "actor_name", "complaint_id", "at")
    column_formatters = {"changes": format_changes}
    column_formatters_detail = {"changes": format_changes}
    column_formatters_export = {"changes": format_changes_export}
    can_set_page_size = True
