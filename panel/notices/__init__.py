"""PDF notices: the customer result notice, the regulator reply letter, the work contact
letter, the registration form, penalty notices, circulars and the complaint ledger.

Issued notices are archived immutably (:mod:`panel.notices.models`), with their SHA-256.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_admin import Admin

bp = Blueprint(
    "notices",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/notices/static",
)


def init_app(app: Flask, admin: Admin) -> None:
    """Templates, static files, the archive guards and the admin pages of the notices."""
    from panel.notices import archive as guard
    from panel.notices import models, settings
    from panel.notices.admin import add_views

    assert models and settings  # the archive tables join the metadata; the settings keys register
    app.register_blueprint(bp)
    guard.install()
    add_views(admin)
