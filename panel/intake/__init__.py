"""Work orders from outside the panel: the work-order API ``/api/v1`` with a token per source
system, the upload of regulator lists with a preview, the import command — one idempotent path
(:mod:`panel.intake.operations`) — and the earlier complaints of a phone or plate beside the
registration form (a static script under the CSP) and in the case file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Flask

if TYPE_CHECKING:
    from flask_admin import Admin

bp = Blueprint(
    "intake_assets",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/intake/static",
)


def init_app(app: Flask, admin: Admin) -> None:
    """The API, the admin pages and the case-file section."""
    from flask_babel import lazy_gettext as _l

    from panel.core.extensions import db
    from panel.intake import history
    from panel.intake.admin import ApiTokenView, HistoryView, IntakeSourceView, UploadView
    from panel.intake.api import init_api
    from panel.intake.models import ApiToken, IntakeSource

    app.register_blueprint(bp)
    init_api(app)
    category = _l("Work orders")
    admin.add_view(
        UploadView(
            name=_l("Upload a regulator list"),
            endpoint="intake_upload",
            url="intake-upload",
            category=category,
        )
    )
    admin.add_view(
        IntakeSourceView(
            IntakeSource,
            db,
            name=_l("Work-order sources"),
            endpoint="intake_source",
            category=category,
        )
    )
    admin.add_view(
        ApiTokenView(ApiToken, db, name=_l("API tokens"), endpoint="api_token", category=category)
    )
    admin.add_view(
        HistoryView(name=_l("Earlier complaints"), endpoint="intake_history", url="intake-history")
    )
    app.jinja_env.globals["intake_history"] = history.casefile_history
