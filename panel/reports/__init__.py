"""Reports: the figures managers are judged by (DOMAIN.md "Measures").

Vehicles taken in per month, the dashboard, weekly and monthly PDF summaries, and list exports.
Queries are plain functions in :mod:`panel.reports.queries`, combined into figures by
:mod:`panel.reports.figures`; views and the summary only call them.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_admin import Admin

# Only the templates: the dashboard itself is an admin view (endpoint "reports").
bp = Blueprint("report_templates", __name__, template_folder="templates")


def init_app(app: Flask, admin: Admin) -> None:
    """Templates, intake rules, the ``report-summary`` and ``report-rollup`` commands and the
    admin views."""
    from panel.reports import models, rollup, rules
    from panel.reports.admin import add_views
    from panel.reports.cli import report_rollup, report_summary

    assert models, rollup  # the intake, rollup and report indexes join the metadata
    rules.install()
    app.register_blueprint(bp)
    app.cli.add_command(report_summary)
    app.cli.add_command(report_rollup)
    add_views(admin)
