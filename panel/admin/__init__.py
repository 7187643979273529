"""The shared Flask-Admin layer: the secure base view, exports, optimistic locking, change
messages, the fast list, page fragments and the outage page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin


def init_app(app: Flask, admin: Admin) -> None:
    """Page fragments rendered once, the fast list's templates, the error pages (the
    lost-connection page among them)."""
    from panel.admin import errors, fragments, outage
    from panel.admin.fastlist import bp

    app.jinja_env.globals.update(
        page_fragment=fragments.page_fragment,
        menu_entries_shown=fragments.menu_entries_shown,
    )
    app.register_blueprint(bp)
    errors.init_app(app)
    outage.init_app(app)
