"""``flask --app wsgi complaint step`` and ``import-complaints``: the process from the shell."""

from __future__ import annotations

import click

from panel.complaints import operations as process
from panel.complaints.enums import Status
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
def import_complaints_command(path: str, username: str) -> None:
    """Register complaints from a CSV file (UTF-8, header row of field names): all or none."""
    from panel.complaints.imports import import_complaints

    def operation(actor):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            complaints = import_complaints(db.session, handle, actor)
        return f"已导入 {len(complaints)} 条投诉"

    run_as(username, operation)


COMMANDS = (complaint_cli, import_complaints_command)
