"""``flask --app wsgi notifications …``: what the worker does, run once by hand."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import func, select

from panel.core.extensions import db


@click.group("notifications")
def notifications_group() -> None:
    """Notifications: sweep the outbox, scan deadlines, send summaries, show the queue."""


@notifications_group.command("sweep")
def sweep_command() -> None:
    """Route unrouted events and send every due delivery now (what the worker does each
    minute)."""
    from panel.notifications.tasks import sweep

    routed, tried = sweep(db.session, current_app.config)
    click.echo(f"已分发事件 {routed} 条，已尝试投递 {tried} 条")


@notifications_group.command("scan")
def scan_command() -> None:
    """Write the due-soon, overdue, escalation and regulator events reached by now."""
    from panel.notifications.scans import scan

    click.echo(f"新增通知事件 {scan(db.session)} 条")


@notifications_group.command("summary")
@click.option("--period", "kind", type=click.Choice(["week", "month"]), required=True)
def summary_command(kind: str) -> None:
    """Put the summary of the last week or month in the outbox (once per period)."""
    from panel.notifications.summaries import send_summary

    event_id = send_summary(db.session, kind)
    click.echo("已加入发送队列" if event_id else "该期汇总已发送过")


@notifications_group.command("status")
def status_command() -> None:
    """Deliveries by channel and status."""
    from panel.notifications.models import NotificationDelivery as D
    from panel.notifications.models import NotificationEvent as E

    unrouted = db.session.scalar(select(func.count(E.id)).where(E.fanned_out_at.is_(None)))
    click.echo(f"待分发事件：{unrouted}")
    rows = db.session.execute(
        select(D.channel, D.status, func.count(D.id)).group_by(D.channel, D.status)
    ).all()
    for channel, status, count in sorted(rows, key=lambda r: (r[0].value, r[1].value)):
        click.echo(f"{channel.label}\t{status.label}\t{count}")
