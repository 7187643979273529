"""Helpers of the roles × paths tests: the state a refusal must leave unchanged, and the
plumbing of forms, CLI and scripts."""

from sqlalchemy import func, select

from panel.core.audit.models import AuditEntry
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties.models import Penalty, PenaltyAppeal
from tests.fixtures.clients import PanelClient, csrf_token, login
from tests.fixtures.people import user_of

TABLES = ("penalty", "penalty_appeal")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audited() -> int:
    """Audit entries of the penalty tables (refused requests are audited elsewhere as 403s)."""
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name.in_(TABLES))
    )


def snapshot():
    db.session.expire_all()
    rows = [
        (p.id, p.status, p.points, p.approver_id)
        for p in db.session.scalars(select(Penalty).order_by(Penalty.id))
    ]
    appeals = [
        (a.id, a.outcome, a.decided_by_id)
        for a in db.session.scalars(select(PenaltyAppeal).order_by(PenaltyAppeal.id))
    ]
    return rows, appeals, audited()


def token(client, url):
    page = client.get(url)
    return csrf_token(page.text) if page.status_code == 200 else ""


def cli(client, *args):
    return client.application.test_cli_runner().invoke(args=["penalty", *map(str, args)])


def quietly(operation):
    try:
        operation()
    except RuleError:
        db.session.rollback()


def client_as(app, role: Role):
    """A fresh client logged in as the demo user of ``role``."""
    app.test_client_class = PanelClient
    client = app.test_client()
    assert login(client, user_of(role).username).status_code == 302
    return client


def assert_refused_for(app, roles, attempt) -> None:
    """``attempt(client, role)`` as each of ``roles`` leaves rows and audit trail unchanged.

    One set-up serves every refused role: a refusal changes nothing, so the next role meets
    the same state."""
    for role in sorted(roles, key=list(Role).index):
        client = client_as(app, role)
        before = snapshot()
        attempt(client, role)
        assert snapshot() == before, f"{role.value} got through"
