"""The audit trail, read-only."""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from panel.models import Role
from panel.rules.roles import MANAGERS
from panel.views.base import SecureModelView


def format_changes(_view, _context, model, _name) -> Markup:
    rows = "".join(
        f"<li><code>{escape(key)}</code>: {escape(json.dumps(before, ensure_ascii=False))} → "
        f"{escape(json.dumps(after, ensure_ascii=False))}</li>"
        for key, (before, after) in sorted(model.changes.items())
    )
    return Markup(f"<ul class='mb-0 small'>{rows}</ul>")


class AuditEntryView(SecureModelView):
    view_roles = MANAGERS | {Role.AUDITOR, Role.ADMIN}
    can_view_details = True
    column_list = ("at", "actor_name", "action", "table_name", "row_id", "complaint_id", "changes")
    column_default_sort = ("id", True)
    column_filters = ("table_name", "action", "actor_name", "complaint_id", "at")
    column_formatters = {"changes": format_changes}
    column_formatters_detail = {"changes": format_changes}
    can_set_page_size = True
