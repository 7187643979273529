"""``flask --app wsgi remedy decide``: approve or reject a remedy from the command line."""

from __future__ import annotations

import click

from panel.core.cli import run_as
from panel.core.extensions import db
from panel.remedies import rules as authority
from panel.remedies.models import Remedy


@click.group("remedy")
def remedy_cli() -> None:
    """Propose and decide remedies from the command line."""


@remedy_cli.command("decide")
@click.argument("remedy_id", type=int)
@click.argument("decision", type=click.Choice(["approve", "reject"]))
@click.option("--as", "username", required=True, help="The acting user's login name.")
@click.option("--comment")
def remedy_decide(remedy_id: int, decision: str, username: str, comment: str | None) -> None:
    """Approve or reject a proposed remedy."""

    def operation(actor):
        remedy = db.session.get(Remedy, remedy_id)
        if remedy is None:
            raise click.ClickException(f"没有编号为 {remedy_id} 的处理方案")
        authority.decide_remedy(db.session, remedy, actor, decision == "approve", comment)
        return f"{remedy}：{remedy.status.label}"

    run_as(username, operation)
