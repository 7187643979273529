"""A request that only read ends with COMMIT, so psycopg keeps its prepared statements; a
request that wrote anything, or failed, still ends with a rollback."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select, text

from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.organisation.models.department import Department
from tests.fixtures.clients import login

pytestmark = [pytest.mark.postgres_only, pytest.mark.committing]


@pytest.fixture
def ends(live_app):
    """How each transaction of the live app ended, in order."""
    with live_app.app_context():
        engine = db.engine
    seen: list[str] = []
    listeners = {
        "commit": lambda _conn: seen.append("commit"),
        "rollback": lambda _conn: seen.append("rollback"),
    }
    for name, listener in listeners.items():
        event.listen(engine, name, listener)
    yield seen
    for name, listener in listeners.items():
        event.remove(engine, name, listener)


@pytest.fixture
def routes(live_app):
    """A page that only reads, one that writes without committing, one that fails."""

    @live_app.get("/_test/read")
    def read():
        return str(db.session.scalar(select(func.count()).select_from(Complaint)))

    @live_app.get("/_test/write")
    def write():
        db.session.execute(text("UPDATE department SET name = name || '（改）'"))
        return "written, not committed"

    @live_app.get("/_test/fail")
    def fail():
        db.session.scalar(select(Complaint.id))
        raise RuntimeError("the page fails after reading")

    return live_app.test_client()


def department_names(app) -> list[str]:
    with app.app_context():
        names = list(db.session.scalars(select(Department.name).order_by(Department.id)))
        db.session.remove()
        return names


def test_a_request_that_only_read_commits(routes, ends):
    assert routes.get("/_test/read").status_code == 200
    assert ends == ["commit"]


def test_a_request_that_wrote_is_rolled_back_as_before(live_app, routes, ends):
    before = department_names(live_app)
    assert routes.get("/_test/write").status_code == 200
    assert ends[0] == "rollback"
    assert department_names(live_app) == before


def test_a_request_that_failed_is_rolled_back(live_app, routes, ends):
    live_app.testing = False  # answer 500 instead of raising into the test
    assert routes.get("/_test/fail").status_code == 500
    assert ends[0] == "rollback"


def test_the_complaint_list_keeps_its_statements_prepared(live_app):
    client = live_app.test_client()
    assert login(client, "clerk").status_code == 302
    for _ in range(7):  # psycopg prepares a statement from its fifth run on a connection
        assert client.get("/admin/complaint/").status_code == 200
    with live_app.app_context():
        prepared = db.session.execute(text("SELECT statement FROM pg_prepared_statements"))
        statements = [row.statement for row in prepared]
        db.session.remove()
    # pg_prepared_statements lists the statements of the connection asking: the pool hands
    # this single client the same connection every time.
    assert any(s.startswith("SELECT user_account.id") for s in statements)
    assert any(s.startswith("SELECT complaint.id, complaint.number") for s in statements)
