"""``flask --app wsgi report-summary``: the weekly and monthly summaries as PDF files.

Run by cron on Tuesday (``--period week``: the week before) and on the 2nd (``--period
month``: the month before); ``--date`` prints the week or month containing that day instead.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask_babel import force_locale

from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.reports.periods import period_of, previous_period


@click.command("report-summary")
@click.option("--period", "kind", type=click.Choice(["week", "month"]), required=True)
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="A day of the period to print (default: the last complete week or month).",
)
@click.option("--department", help="Department code (default: the whole company).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PDF (default: instance/reports/summary-<period>.pdf).",
)
def report_summary(kind: str, day, department: str | None, out: Path | None) -> None:
    """Write the summary PDF of a week or a month for the general manager."""
    from panel.reports.summary import summary_pdf

    with force_locale("zh_Hans_CN"):
        period = period_of(kind, day.date()) if day else previous_period(kind, clock.today())
        department_id = None
        if department:
            department_id = db.session.scalar(db.select(Department.id).filter_by(code=department))
            if department_id is None:
                raise click.ClickException(f"没有代码为 {department} 的部门")
        pdf = summary_pdf(db.session, period, department_id)
        suffix = f"-{department}" if department else ""
        out = (
            out
            or Path(current_app.instance_path) / "reports" / f"summary-{period.slug}{suffix}.pdf"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
    click.echo(f"{period.label}: {out}")


@click.command("report-rollup")
@click.option("--check", is_flag=True, help="Only compare the rollup with a count from the rows.")
def report_rollup(check: bool) -> None:
    """Count the monthly rollup of steps and callbacks again from the rows (or only check it)."""
    from panel.reports import rollup

    connection = db.session.connection()
    if check:
        wrong = rollup.differences(connection)
        if wrong:
            raise click.ClickException(
                f"汇总表有 {wrong} 行与明细不符；请运行 flask --app wsgi report-rollup 重新统计"
            )
        click.echo("汇总表与明细一致")
        return
    rows = rollup.rebuild(connection)
    db.session.commit()
    click.echo(f"已按明细重新统计汇总表：{rows} 行")
