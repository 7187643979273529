"""Remedies (处理方案) and the authority to grant them: the proposals, their one-step
decisions and the authority table (:mod:`panel.remedies.rules`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin


def init_app(app: Flask, admin: Admin) -> None:
    """The remedy list and the ``remedy`` commands."""
    from flask_babel import lazy_gettext as _l

    from panel.core.extensions import db
    from panel.remedies.admin import RemedyView
    from panel.remedies.cli import remedy_cli
    from panel.remedies.models import Remedy

    admin.add_view(RemedyView(Remedy, db, name=_l("Remedies"), endpoint="remedy"))
    app.cli.add_command(remedy_cli)
