"""Complaints: the record (models, enums, history), its rules (lifecycle, classification,
numbering, deadlines), the operations of the process, the register and case file, evidence
attachments, the work queues, the landing page and the desk pages (approvals, pending ledger).

Department scope and field permissions hold below the views (:mod:`panel.access`); the
rules run at flush time (:mod:`panel.core.flush`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Flask

if TYPE_CHECKING:
    from flask_admin import Admin

bp = Blueprint(
    "complaints",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/complaints/static",
)


def _audit_value(value, key):
    from flask_login import current_user

    from panel.access.reveal import audit_value

    role = current_user.role if current_user.is_authenticated else None
    return audit_value(value, key, role)


def init_app(app: Flask, admin: Admin) -> None:
    """The register, its case file and the desk pages (approvals, ledger); the commands."""
    from flask_babel import lazy_gettext as _l

    from panel.complaints import badges, casefile, cli
    from panel.complaints.admin import ComplaintView
    from panel.complaints.desk import add_views
    from panel.complaints.models import Complaint
    from panel.core.extensions import db

    app.register_blueprint(bp)
    app.jinja_env.globals["workspace_casefile"] = casefile.casefile_context
    app.jinja_env.globals.update(
        severity_badge=badges.severity_badge, status_badge=badges.status_badge
    )
    app.jinja_env.filters["audit_value"] = _audit_value
    admin.add_view(ComplaintView(Complaint, db, name=_l("Complaints"), endpoint="complaint"))
    add_views(admin)
    for command in cli.COMMANDS:
        app.cli.add_command(command)
