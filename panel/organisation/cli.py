"""``flask --app wsgi create-user``: a login account from the command line."""

from __future__ import annotations

import click
from flask_babel import force_locale

from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
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
