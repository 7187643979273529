"""``flask --app wsgi report-summary``: the weekly and monthly summaries as PDF."""

from __future__ import annotations

import click


@click.command("report-summary")
def report_summary() -> None:
    """Write the summary PDF of a week or a month."""
