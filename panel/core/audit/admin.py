"""The audit trail, read-only."""

from __future__ import annotations

import json

from flask_admin.contrib.sqla.filters import FilterEqual
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from panel.access.reveal import audit_value
from panel.access.roles import POLICY_READERS
from panel.admin.base import SecureModelView
from panel.admin.fields import LazyOptions
from panel.admin.scoped import viewer
from panel.core.audit import names
from panel.core.audit.models import AuditEntry
from panel.core.models import lazy_label

# What each entry records: row writes (panel.core.audit.writer), a phone number read in full
# (panel.access.reveal), and the security journal (panel.security.journal).
ACTION_LABELS = {
    "insert": _l("Created"),
    "update": _l("Changed"),
    "delete": _l("Deleted"),
    "read": _l("Full phone number viewed"),
    "login_failed": _l("Failed login"),
    "locked": _l("Account locked"),
    "forbidden": _l("Access refused"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def format_action(_view, _context, model, _name) -> str:
    return action_label(model.action)


def _action_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in ACTION_LABELS.items()]


def _shown(model, key: str, value, role):
    return names.value_text(model.table_name, key, audit_value(value, key, role))


def _changes(model) -> list[tuple[str, str, str, str]]:
    """Each change as text — the field's key and label, before, after —, phone numbers masked
    for roles that see them masked."""
    role = viewer().role if viewer() else None
    return [
        (
            key,
            names.field_label(model.table_name, key),
            json.dumps(_shown(model, key, before, role), ensure_ascii=False),
            json.dumps(_shown(model, key, after, role), ensure_ascii=False),
        )
        for key, (before, after) in sorted(model.changes.items())
    ]


def format_changes(_view, _context, model, _name) -> Markup:
    rows = "".join(
        f'<li><b data-field="{escape(key)}">{escape(label)}</b>: {escape(before)} → '
        f"{escape(after)}</li>"
        for key, label, before, after in _changes(model)
    )
    return Markup(f"<ul class='mb-0 small'>{rows}</ul>")


def format_changes_export(_view, _context, model, _name) -> str:
    return "; ".join(f"{label}: {before} → {after}" for _k, label, before, after in _changes(model))


def format_table(_view, _context, model, _name) -> str:
    return names.table_label(model.table_name)


class AuditEntryView(SecureModelView):
    view_roles = POLICY_READERS
    can_view_details = True
    column_list = ("at", "actor_name", "action", "table_name", "row_id", "complaint_id", "changes")
    column_default_sort = ("id", True)
    column_filters = (
        FilterEqual(
            AuditEntry.table_name,
            lazy_label(AuditEntry, "table_name"),
            options=LazyOptions(names.table_choices),
        ),
        FilterEqual(
            AuditEntry.action,
            lazy_label(AuditEntry, "action"),
            options=LazyOptions(_action_choices),
        ),
        "actor_name",
        "complaint_id",
        "at",
    )
    column_formatters = {
        "changes": format_changes,
        "action": format_action,
        "table_name": format_table,
    }
    column_formatters_detail = column_formatters
    column_formatters_export = {
        "changes": format_changes_export,
        "action": format_action,
        "table_name": format_table,
    }
    can_set_page_size = True
