"""What every ``flask --app wsgi <command>`` of the features shares: acting as a named user."""

from __future__ import annotations

import click
from flask_babel import force_locale

from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import User


def user_named(username: str) -> User:
    """The active login account ``username``, or a Chinese error for the command line."""
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None or not user.active:
        raise click.ClickException(f"没有可用的用户 {username}")
    return user


def complaint_numbered(number: str):
    """The complaint with this number, or a Chinese error for the command line."""
    from panel.complaints.models import Complaint

    complaint = db.session.scalar(db.select(Complaint).filter_by(number=number))
    if complaint is None:
        raise click.ClickException(f"没有编号为 {number} 的投诉")
    return complaint


def run_as(username: str, operation) -> None:
    """Run an operation as a named user; a refused rule rolls everything back."""
    with force_locale("zh_Hans_CN"):
        actor = user_named(username)
        try:
            with acting_as(actor):
                result = operation(actor)
                db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from None
    if result:
        click.echo(result)
