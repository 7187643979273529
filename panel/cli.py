"""Command-line tools: ``flask --app wsgi <command>``."""

from __future__ import annotations

import click
from flask import Flask
from flask_babel import force_locale

from panel.extensions import db
from panel.models import Role, Staff, User
from panel.rules.errors import RuleError
from panel.rules.passwords import check_password_rules


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--staff-no", help="Link the account to this staff number.")
@click.password_option()
def create_user(username: str, role: str, staff_no: str | None, password: str) -> None:
    """Create a login account."""
    with force_locale("zh_Hans_CN"):
        if db.session.scalar(db.select(User).filter_by(username=username)):
            raise click.ClickException(f"用户 {username} 已存在")
        try:
            check_password_rules(password)
        except RuleError as exc:
            raise click.ClickException(exc.message) from None
        user = User(username=username, role=Role(role))
        if staff_no:
            user.staff = db.session.scalar(db.select(Staff).filter_by(staff_no=staff_no))
            if user.staff is None:
                raise click.ClickException(f"没有工号为 {staff_no} 的员工")
        user.set_password(password)
        db.session.add(user)
        try:
            db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from None
    click.echo(f"已创建用户 {username}（{Role(role).value}）")


@click.command("load-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when complaints already exist.")
@click.option("--complaints", default=300, show_default=True)
def load_demo(if_empty: bool, complaints: int) -> None:
    """Load the demo dataset (idempotent)."""
    from panel.demo import load_demo_data

    with force_locale("zh_Hans_CN"):
        created = load_demo_data(complaints=complaints, only_if_empty=if_empty)
    click.echo(f"演示数据：新增 {created} 条投诉")


def init_app(app: Flask) -> None:
    for command in (create_user, load_demo):
        app.cli.add_command(command)
