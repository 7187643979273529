"""Penalties, commendations and the staff ledger (DOMAIN.md "Penalties and commendations").

The penalty schedule is data (:mod:`panel.penalties.schedule`); penalties, appeals,
commendations, responsibility findings and pay-first recoveries are checked at flush time on
every write path (:mod:`panel.penalties.rules`); the ledger and the monthly reward/penalty
summary are plain queries (:mod:`panel.penalties.ledger`, :mod:`panel.penalties.summary`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint

# Load every table first, so that importing panel.penalties.models on its own does not start
# a cycle.
import panel.models  # noqa: F401

if TYPE_CHECKING:
    from flask import Flask
    from flask_admin import Admin

bp = Blueprint("penalties", __name__, template_folder="templates")


def init_app(app: Flask, admin: Admin) -> None:
    """Templates, the bulk-write guard, the admin pages and the ``penalty`` commands."""
    from panel.penalties import cli
    from panel.penalties.admin import add_views
    from panel.penalties.rules import bulk as guard

    app.register_blueprint(bp)
    guard.install()
    add_views(admin)
    app.cli.add_command(cli.penalty_cli)
