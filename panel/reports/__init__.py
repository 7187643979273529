"""Reports: the figures managers are judged by (DOMAIN.md "Measures").

Vehicles taken in per month, the dashboard, weekly and monthly PDF summaries, and list exports.
Queries are plain functions in :mod:`panel.reports.figures`; views only call them.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint(
    "reports",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/reports/static",
)


def init_app(app: Flask) -> None:
    """Templates, static files, rules and the ``report-summary`` command."""
    from panel.reports import models, rules
    from panel.reports.cli import report_summary

    assert models  # the intake table and the report indexes join the metadata
    rules.install()
    app.register_blueprint(bp)
    app.cli.add_command(report_summary)
