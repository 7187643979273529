"""投诉处理管理平台 — the application factory."""

from __future__ import annotations

from flask import Flask

from panel.core.config import Config, load_config


def create_app(config: Config | str | None = None) -> Flask:
    """Build the panel: extensions, rules, admin views, login and CLI commands."""
    if not isinstance(config, Config):
        config = load_config(config)
    app = Flask(__name__, instance_path=config.INSTANCE_PATH)
    app.config.from_object(config)

    from panel.admin.site import init_admin
    from panel.core import cli, i18n
    from panel.core.database import init_database
    from panel.core.extensions import db, login_manager, migrate
    from panel.security import auth

    init_database(app)
    migrate.init_app(app, db, directory=_migrations_dir())
    login_manager.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    init_admin(app)
    cli.init_app(app)

    from panel import reports

    reports.init_app(app)

    from panel import notices

    notices.init_app(app)

    from panel import complaints

    complaints.init_app(app)

    from panel.admin import fastlist

    fastlist.init_app(app)

    from panel import security

    security.init_app(app)

    from panel.core.actor import set_actor_provider
    from panel.core.flush import install as install_rules

    install_rules()
    set_actor_provider(auth.logged_in_user)

    @app.get("/")
    def index():
        from flask import redirect, url_for

        return redirect(url_for("admin.index"))

    return app


def _migrations_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent / "migrations")
