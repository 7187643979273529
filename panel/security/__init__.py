"""Security of the panel as a whole: headers and Content-Security-Policy, login throttling and
lockout, failed logins and refused requests in the audit trail, production guards.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint(
    "security",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/security/static",
)


def init_app(app: Flask) -> None:
    """Install the guards; call it right after the admin site exists."""
    from panel.security import headers, journal, models, production

    assert models  # the login_attempt table joins the metadata
    production.init_app(app)
    headers.init_app(app)
    journal.init_app(app)
    app.register_blueprint(bp)
    for admin in app.extensions.get("admin", []):  # nonces on Flask-Admin's inline scripts
        admin.csp_nonce_generator = headers.csp_nonce
