"""``flask --app wsgi complaint step`` and ``import-complaints``: the process from the shell."""

from __future__ import annotations

import contextlib

import click

from panel.complaints import operations as process
from panel.complaints.enums import Status
from panel.complaints.evidence_move import attachments_to_db
from panel.complaints.rules.intake import history_import
from panel.core.cli import complaint_numbered, run_as
from panel.core.extensions import db


@click.group("complaint")
def complaint_cli() -> None:
    """Move complaints through the process from the command line."""


@complaint_cli.command("step")
@click.argument("number")
@click.argument("target", type=click.Choice([s.value for s in Status]))
@click.option("--as", "username", required=True, help="The acting user's login name.")
@click.option("--reason")
def complaint_step(number: str, target: str, username: str, reason: str | None) -> None:
    """Take the lifecycle step to TARGET (the same rules as the panel)."""

    def operation(actor):
        complaint = complaint_numbered(number)
        process.move(db.session, complaint, Status(target), actor, reason=reason)
        return f"{complaint.number}：{complaint.status.label}"

    run_as(username, operation)


@click.command("import-complaints")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--as", "username", required=True, help="The acting user's login name.")
@click.option("--source", "source_code", help="Source code when the list has no 来源 column.")
@click.option("--dry-run", is_flag=True, help="Only show the verdict of every row.")
@click.option(
    "--history",
    is_flag=True,
    help="Earlier years' ledgers: complaints received before the registration window "
    "(a manager's import).",
)
def import_complaints_command(
    path: str, username: str, source_code: str | None, dry_run: bool, history: bool = False
) -> None:
    """Import a work-order list (CSV or XLSX) like the panel's upload (panel.intake): a work
    order already imported (same source and ticket number) is recognised, a changed one is
    updated; a row with an error refuses the whole file."""
    from panel.intake.cli import import_list

    def operation(actor):
        window = history_import(db.session) if history else contextlib.nullcontext()
        with window:
            return import_list(path, actor, source_code, dry_run)

    run_as(username, operation)


COMMANDS = (complaint_cli, import_complaints_command, attachments_to_db)
