"""投诉处理管理平台 — the application factory."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from flask import Flask, redirect, url_for

from panel.core.config import Config, load_config

# The business features, each a package with ``init_app(app, admin)`` that registers its admin
# views, templates, commands and flush-time rules. The order is the order of the menu.
FEATURES = (
    "panel.admin",
    "panel.complaints",
    "panel.remedies",
    "panel.penalties",
    "panel.organisation",
    "panel.core.audit",
    "panel.reports",
    "panel.notices",
    "panel.notifications",
    "panel.security",
    "panel.public",
    "panel.intake",
    "panel.demo",
    "panel.worktime",
)


def create_app(config: Config | str | None = None) -> Flask:
    """Build the panel: the core (database, login, language, rules), then every feature."""
    if not isinstance(config, Config):
        config = load_config(config)
    app = Flask(__name__, instance_path=config.INSTANCE_PATH)
    app.config.from_object(config)
    from panel.admin.crafted import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter  # before any route: ids a key can hold

    from panel import models
    from panel.admin.site import init_admin
    from panel.core import i18n, readonly
    from panel.core.actor import set_actor_provider
    from panel.core.database import init_database
    from panel.core.extensions import db, login_manager, migrate
    from panel.core.flush import install as install_rules
    from panel.security import auth

    assert models  # every table joins the metadata before the features look at it
    init_database(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    login_manager.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    readonly.init_app(app)
    admin = init_admin(app)
    for feature in FEATURES:
        import_module(feature).init_app(app, admin)
    install_rules()
    set_actor_provider(auth.logged_in_user)

    @app.get("/")
    def index():
        return redirect(url_for("admin.index"))

    return app
