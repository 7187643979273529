"""The admin site: Flask-Admin mounted at /admin with the panel's theme and landing page."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin import babel as admin_babel
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l

from panel.admin.home import HomeView
from panel.core.i18n import TRANSLATIONS_DIR


def supplement_flask_admin_catalogue() -> None:
    """Read the panel's ``admin`` catalogue after Flask-Admin's own Chinese one: it fills the
    texts Flask-Admin's lacks ("20 items") and, read last, its words win ("请选择", not
    "请选择模型"). Flask-Admin's ``translations_path`` would be read first and lose."""
    directories = admin_babel.domain._translation_directories or []
    if str(TRANSLATIONS_DIR) not in directories:
        admin_babel.domain._translation_directories = [*directories, str(TRANSLATIONS_DIR)]
        admin_babel.domain.cache.clear()


def init_admin(app: Flask) -> Admin:
    """Mount the panel at /admin with the Chinese Bootstrap 4 theme."""
    supplement_flask_admin_catalogue()
    admin = Admin(
        app,
        name=_l("Complaint handling platform"),
        index_view=HomeView(name=_l("Home"), url="/admin"),
        theme=Bootstrap4Theme(base_template="panel_base.html", fluid=True),
    )
    return admin
