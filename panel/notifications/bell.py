"""The bell in the top bar: its unread count on every page, and as JSON for ``bell.js``."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from flask_login import current_user

from panel.core.extensions import db
from panel.notifications.inbox import unread_count

bp = Blueprint(
    "notifications",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/notifications/static",
)


def notification_unread() -> int | None:
    """The logged-in user's unread count (None for a visitor: no bell)."""
    if not current_user.is_authenticated:
        return None
    return unread_count(db.session, current_user._get_current_object())


@bp.get("/notifications/unread")
def unread():
    if not current_user.is_authenticated:
        return jsonify({"error": "login"}), 401
    count = notification_unread()
    db.session.commit()  # read only: end the transaction
    return jsonify({"unread": count})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["notification_unread"] = notification_unread
