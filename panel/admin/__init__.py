"""The shared Flask-Admin layer: the secure base view, exports, optimistic locking, change
messages, the fast list, page fragments and the outage page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin


def init_app(app: Flask, admin: Admin) -> None:
    """Page fragments rendered once, the fast list's templates, the lost-connection page."""
    from panel.admin import fragments, outage
    from panel.admin.fastlist import bp

    app.jinja_env.globals.update(
        page_fragment=fragments.page_fragment,
        menu_entries_shown=fragments.menu_entries_shown,
    )
    app.register_blueprint(bp)
    outage.init_app(app)
