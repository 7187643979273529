"""The role-gated workspace: landing pages, queues, approvals, department scoping, field
permissions, privacy of phone numbers and evidence attachments.

Scoping and field permissions hold below the views: :mod:`panel.access.rules` runs in the
session's ``before_flush``; :mod:`panel.admin.scoped` narrows every model view's rows.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("workspace", __name__, template_folder="templates")


def _audit_value(value, key):
    from flask_login import current_user

    from panel.access.reveal import audit_value

    role = current_user.role if current_user.is_authenticated else None
    return audit_value(value, key, role)


def init_app(app: Flask) -> None:
    """Templates, the case-file helpers and the workspace pages (approvals, ledger)."""
    from panel.complaints import casefile
    from panel.complaints import evidence as models
    from panel.complaints.desk import add_views

    assert models  # the attachment table joins the metadata
    app.register_blueprint(bp)
    app.jinja_env.globals["workspace_casefile"] = casefile.casefile_context
    app.jinja_env.filters["audit_value"] = _audit_value
    add_views(app.extensions["admin"][0])
