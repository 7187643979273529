"""``flask --app wsgi prune-rate-events``: forget old rate-limit events (e.g. nightly)."""

from __future__ import annotations

from datetime import timedelta

import click

from panel.core import clock
from panel.core.extensions import db
from panel.public.limits import prune


@click.command("prune-rate-events")
@click.option("--days", default=7, show_default=True, help="Keep the events of these days.")
def prune_rate_events(days: int) -> None:
    """Delete the public pages' rate-limit events older than DAYS days."""
    removed = prune(db.session, clock.now() - timedelta(days=days))
    db.session.commit()
    click.echo(f"已删除 {removed} 条限流记录")
