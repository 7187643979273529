"""Language: Simplified Chinese by default, English on request."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    current_app,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_admin import babel as admin_babel
from flask_babel import get_locale

from panel.core.extensions import babel
from panel.core.translations import translate_once_per_request

# One gettext domain per concern, each with its own catalogue file and the sources it is
# extracted from (scripts/i18n.py), so features never edit each other's catalogue.
DOMAINS = {
    "core": [
        "panel/__init__.py",
        "panel/models.py",
        "panel/core",
        "panel/access",
        "panel/admin",
        "panel/organisation",
        "panel/remedies",
        "panel/templates",
    ],
    "complaints": ["panel/complaints"],
    "notices": ["panel/notices"],
    "notifications": ["panel/notifications"],
    "reports": ["panel/reports"],
    "penalties": ["panel/penalties"],
    "security": ["panel/security"],
    "public": ["panel/public"],
    "intake": ["panel/intake"],
    "demo": ["panel/demo"],
    "worktime": ["panel/worktime"],
}
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The language chosen in the session, else the configured default (zh_Hans_CN)."""
    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


@bp.get("/lang/<code>")
def switch_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    target = request.referrer or ""
    if not target.startswith(request.host_url):  # never bounce to another site
        target = url_for("admin.index")
    return redirect(target)


def init_app(app: Flask) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(str(TRANSLATIONS_DIR) for _ in DOMAINS)
    app.config["BABEL_DOMAIN"] = ";".join(DOMAINS)
    babel.init_app(app, locale_selector=select_locale)
    translate_once_per_request(admin_babel.domain, "_admin_translations")
    translate_once_per_request(admin_babel.wtforms_domain, "_wtforms_translations")
    app.register_blueprint(bp)
    app.jinja_env.globals["get_locale"] = get_locale
