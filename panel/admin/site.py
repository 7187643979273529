"""The admin site: Flask-Admin mounted at /admin with the panel's theme and landing page."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l

from panel.admin.home import HomeView


def init_admin(app: Flask) -> Admin:
    """Mount the panel at /admin with the Chinese Bootstrap 4 theme."""
    admin = Admin(
        app,
        name=_l("Complaint handling platform"),
        index_view=HomeView(name=_l("Home"), url="/admin"),
        theme=Bootstrap4Theme(base_template="panel_base.html", fluid=True),
    )
    return admin
