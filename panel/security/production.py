"""Guards of a production start: no debug mode, the client address from trusted proxies only."""

from __future__ import annotations

import os

from flask import Flask, abort
from werkzeug.middleware.proxy_fix import ProxyFix

from panel.core.config import ConfigError

TRUE = {"1", "true", "yes", "on"}


def is_production(app: Flask) -> bool:
    return app.config.get("ENV_NAME") == "production"


def check_debug(app: Flask) -> None:
    """Refuse to start a production panel in debug mode (the debugger runs code)."""
    if is_production(app) and (app.debug or os.environ.get("FLASK_DEBUG", "").lower() in TRUE):
        raise ConfigError("Debug mode must be off in production (unset FLASK_DEBUG)")


def init_app(app: Flask) -> None:
    check_debug(app)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    @app.before_request
    def _no_debug_in_production():
        # `flask run --debug` turns debug on after the factory ran: refuse to serve then.
        if app.debug and is_production(app):
            abort(503)
