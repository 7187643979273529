"""Security of the panel as a whole: headers and Content-Security-Policy (and the browsers'
reports of what it blocked), login throttling and lockout, failed logins and refused requests in
the audit trail, production guards.
"""

from __future__ import annotations

from pathlib import Path

import flask_admin
from flask import Blueprint, Flask
from flask_admin import Admin
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

HERE = Path(__file__).resolve().parent
FLASK_ADMIN_TEMPLATES = Path(flask_admin.__file__).resolve().parent / "templates" / "bootstrap4"

bp = Blueprint(
    "security",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/security/static",
)


def init_app(app: Flask, admin: Admin) -> None:
    """Install the guards; call it right after the admin site exists."""
    from panel.security import cli, headers, journal, models, production, violations

    assert models  # the login_attempt table joins the metadata
    production.init_app(app)
    headers.init_app(app)
    journal.init_app(app)
    cli.init_app(app)
    app.register_blueprint(bp)
    app.register_blueprint(violations.bp)
    for admin in app.extensions.get("admin", []):  # nonces on Flask-Admin's inline scripts
        admin.csp_nonce_generator = headers.csp_nonce
    _override_inline_handlers(app)


def _override_inline_handlers(app: Flask) -> None:
    """Two of Flask-Admin's templates carry inline ``onclick`` handlers, which the CSP blocks:
    ``templates_csp`` replaces those macros and reaches the originals as
    ``flask_admin_original/...`` for the rest."""
    app.jinja_env.loader = ChoiceLoader(
        [
            FileSystemLoader(str(HERE / "templates_csp")),
            app.jinja_env.loader,
            PrefixLoader({"flask_admin_original": FileSystemLoader(str(FLASK_ADMIN_TEMPLATES))}),
        ]
    )
