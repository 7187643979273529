"""``flask prune-login-attempts``: drop login attempts older than the throttling needs."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask
from sqlalchemy import delete

from panel.core import clock
from panel.core.extensions import db
from panel.security.models import LoginAttempt


@click.command("prune-login-attempts")
@click.option("--days", default=90, show_default=True, help="Keep this many days of attempts.")
def prune_login_attempts(days: int) -> None:
    """Delete login attempts older than ``--days`` (the audit trail keeps the failures)."""
    cutoff = clock.now() - timedelta(days=max(days, 1))
    result = db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < cutoff))
    db.session.commit()
    click.echo(f"{result.rowcount} login attempts before {cutoff:%Y-%m-%d %H:%M} deleted")


def init_app(app: Flask) -> None:
    app.cli.add_command(prune_login_attempts)
