"""The audit trail: the model, the writer that records every change at flush time, and its
read-only view."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin


def init_app(app: Flask, admin: Admin) -> None:
    """The audit trail's page, under 设置, and the filters that name its tables and fields."""
    from flask_babel import lazy_gettext as _l

    from panel.core.audit import names
    from panel.core.audit.admin import AuditEntryView, action_label
    from panel.core.audit.models import AuditEntry
    from panel.core.extensions import db

    # Templates that list entries (the case file) name tables, fields and actions in Chinese.
    app.jinja_env.filters["audit_table"] = names.table_label
    app.jinja_env.filters["audit_field"] = lambda key, table: names.field_label(table, key)
    app.jinja_env.filters["audit_action"] = action_label
    app.jinja_env.filters["audit_text"] = lambda value, key, table: names.value_text(
        table, key, value
    )

    admin.add_view(
        AuditEntryView(
            AuditEntry, db, name=_l("Audit trail"), endpoint="audit", category=_l("Settings")
        )
    )
