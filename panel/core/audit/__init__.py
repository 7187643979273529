"""The audit trail: the model, the writer that records every change at flush time, and its
read-only view."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin


def init_app(app: Flask, admin: Admin) -> None:
    """The audit trail's page, under 设置."""
    from flask_babel import lazy_gettext as _l

    from panel.core.audit.admin import AuditEntryView
    from panel.core.audit.models import AuditEntry
    from panel.core.extensions import db

    admin.add_view(
        AuditEntryView(
            AuditEntry, db, name=_l("Audit trail"), endpoint="audit", category=_l("Settings")
        )
    )
