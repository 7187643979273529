"""``flask --app wsgi load-demo``: the demo dataset from the command line."""

from __future__ import annotations

import click
from flask_babel import force_locale


@click.command("load-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when complaints already exist.")
@click.option("--complaints", default=300, show_default=True)
def load_demo(if_empty: bool, complaints: int) -> None:
    """Load the demo dataset (idempotent)."""
    from panel.demo.loader import load_demo_data
    from panel.notifications.emit import muted

    with force_locale("zh_Hans_CN"), muted():  # demo history tells nobody anything
        created = load_demo_data(complaints=complaints, only_if_empty=if_empty)
    click.echo(f"演示数据：新增 {created} 条投诉")
