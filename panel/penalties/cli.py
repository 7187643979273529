"""``flask --app wsgi penalty …``: the penalty steps and the monthly summary from the command line.

Every step runs as a named user (``--as``) through the same operations and flush-time rules
as the panel; a refusal prints the Chinese reason and changes nothing.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import click
from flask_babel import force_locale

from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import User
from panel.penalties import operations
from panel.penalties.export import summary_rows
from panel.penalties.models import Penalty, PenaltyAppeal
from panel.penalties.records import Recovery
from panel.penalties.schedule import Offence
from panel.penalties.summary import monthly_summary

AS_USER = click.option("--as", "username", required=True, help="The acting user's login name.")


def _one(model, message: str, **criteria):
    row = db.session.scalar(db.select(model).filter_by(**criteria))
    if row is None:
        raise click.ClickException(message)
    return row


def _run_as(username: str, operation) -> None:
    """Run ``operation(actor)`` and commit; a refused rule rolls everything back."""
    with force_locale("zh_Hans_CN"):
        actor = _one(User, f"没有可用的用户 {username}", username=username, active=True)
        try:
            with acting_as(actor):
                result = operation(actor)
                db.session.commit()
        except RuleError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from None
    click.echo(result)


@click.group("penalty")
def penalty_cli() -> None:
    """Penalties, appeals, recoveries and the monthly reward/penalty summary."""


@penalty_cli.command("propose")
@click.argument("number")
@click.argument("staff_no")
@click.argument("offence_code")
@click.argument("points", type=int)
@click.option("--reason", required=True)
@click.option("--demerit", is_flag=True, help="Add a major demerit (记大过).")
@click.option("--circular", is_flag=True, help="Add a company-wide circular (通报全公司).")
@AS_USER
def propose(number, staff_no, offence_code, points, reason, demerit, circular, username):
    """Propose a penalty on STAFF_NO for complaint NUMBER under OFFENCE_CODE."""

    def operation(actor):
        penalty = operations.propose_penalty(
            db.session,
            _one(Complaint, f"没有编号为 {number} 的投诉", number=number),
            _one(Staff, f"没有工号为 {staff_no} 的员工", staff_no=staff_no),
            _one(Offence, f"处罚标准中没有 {offence_code}", code=offence_code),
            points,
            reason,
            actor,
            major_demerit=demerit,
            circular=circular,
        )
        return f"处罚 #{penalty.id}：{penalty.status.label}"

    _run_as(username, operation)


@penalty_cli.command("decide")
@click.argument("penalty_id", type=int)
@click.argument("decision", type=click.Choice(["approve", "reject"]))
@click.option("--comment")
@AS_USER
def decide(penalty_id, decision, comment, username):
    """Approve or reject a proposed penalty."""

    def operation(actor):
        penalty = _one(Penalty, f"没有编号为 {penalty_id} 的处罚", id=penalty_id)
        operations.decide_penalty(db.session, penalty, actor, decision == "approve", comment)
        return f"处罚 #{penalty.id}：{penalty.status.label}"

    _run_as(username, operation)


@penalty_cli.command("appeal")
@click.argument("penalty_id", type=int)
@click.option("--grounds", required=True)
@AS_USER
def appeal(penalty_id, grounds, username):
    """File the one appeal of a penalty (the penalised person, or a clerk on their behalf)."""

    def operation(actor):
        penalty = _one(Penalty, f"没有编号为 {penalty_id} 的处罚", id=penalty_id)
        filed = operations.file_appeal(db.session, penalty, actor, grounds)
        return f"申诉 #{filed.id}：处罚 #{penalty.id} {penalty.status.label}"

    _run_as(username, operation)


@penalty_cli.command("decide-appeal")
@click.argument("appeal_id", type=int)
@click.argument("decision", type=click.Choice(["uphold", "revoke"]))
@click.option("--reason", required=True)
@AS_USER
def decide_appeal(appeal_id, decision, reason, username):
    """Uphold or revoke an appealed penalty (someone not involved)."""

    def operation(actor):
        filed = _one(PenaltyAppeal, f"没有编号为 {appeal_id} 的申诉", id=appeal_id)
        operations.decide_appeal(db.session, filed, actor, decision == "uphold", reason)
        return f"申诉 #{filed.id}：{filed.outcome.label}"

    _run_as(username, operation)


@penalty_cli.command("recover")
@click.argument("recovery_id", type=int)
@click.argument("amount")
@AS_USER
def recover(recovery_id, amount, username):
    """Record AMOUNT (yuan) recovered from the responsible person."""

    def operation(actor):
        row = _one(Recovery, f"没有编号为 {recovery_id} 的追偿", id=recovery_id)
        operations.record_recovered(db.session, row, Decimal(amount), actor)
        return f"追偿 #{row.id}：{row}"

    _run_as(username, operation)


@penalty_cli.command("summary")
@click.argument("month")
def summary(month: str):
    """Print the reward/penalty summary of MONTH (YYYY-MM) as CSV."""
    try:
        year, number = (int(part) for part in month.split("-"))
    except ValueError:
        raise click.BadParameter("YYYY-MM", param_hint="MONTH") from None
    with force_locale("zh_Hans_CN"):
        rows = summary_rows(monthly_summary(db.session, year, number))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    click.echo(buffer.getvalue(), nl=False)
