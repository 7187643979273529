"""Command-line tools: ``flask --app wsgi <command>``."""

from __future__ import annotations

import click
from flask import Flask
from flask_babel import force_locale

from panel.complaints import operations as process
from panel.complaints.enums import Status
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
from panel.remedies import rules as authority
from panel.remedies.models import Remedy
from panel.security.passwords import check_password_rules


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
            check_password_rules(password, username)
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
    from panel.demo.loader import load_demo_data

    with force_locale("zh_Hans_CN"):
        created = load_demo_data(complaints=complaints, only_if_empty=if_empty)
    click.echo(f"演示数据：新增 {created} 条投诉")


def _user(username: str) -> User:
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None or not user.active:
        raise click.ClickException(f"没有可用的用户 {username}")
    return user


def _complaint(number: str):
    from panel.complaints.models import Complaint

    complaint = db.session.scalar(db.select(Complaint).filter_by(number=number))
    if complaint is None:
        raise click.ClickException(f"没有编号为 {number} 的投诉")
    return complaint


def _run_as(username: str, operation) -> None:
    """Run an operation as a named user; a refused rule rolls everything back."""
    with force_locale("zh_Hans_CN"):
        actor = _user(username)
        try:
            with acting_as(actor):
                result = operation(actor)
                db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from None
    if result:
        click.echo(result)


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
        complaint = _complaint(number)
        process.move(db.session, complaint, Status(target), actor, reason=reason)
        return f"{complaint.number}：{complaint.status.label}"

    _run_as(username, operation)


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

    _run_as(username, operation)


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

    _run_as(username, operation)


def init_app(app: Flask) -> None:
    for command in (create_user, load_demo, complaint_cli, remedy_cli, import_complaints_command):
        app.cli.add_command(command)
