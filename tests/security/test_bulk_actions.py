"""Bulk actions take the ticked ids as text: they must work on PostgreSQL, whose driver binds
them typed, as on SQLite."""

from sqlalchemy import func, select

from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies.limits import AuthorityLimit
from tests.fixtures.clients import csrf_token


def test_the_bulk_delete_removes_the_ticked_rows(login_as):
    client = login_as(Role.ADMIN)
    page = client.get("/admin/authority/")
    victims = db.session.scalars(select(AuthorityLimit.id).order_by(AuthorityLimit.id).limit(2))
    victims = list(victims)
    before = db.session.scalar(select(func.count()).select_from(AuthorityLimit))
    response = client.post(
        "/admin/authority/action/",
        data={"csrf_token": csrf_token(page.text), "action": "delete", "rowid": victims},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AuthorityLimit)) == before - 2
    assert "2" in client.get(response.location).text  # "2 records were deleted"


def test_a_crafted_row_id_is_ignored_not_an_error(login_as):
    client = login_as(Role.ADMIN)
    page = client.get("/admin/authority/")
    before = db.session.scalar(select(func.count()).select_from(AuthorityLimit))
    response = client.post(
        "/admin/authority/action/",
        data={"csrf_token": csrf_token(page.text), "action": "delete", "rowid": ["1 OR 1=1"]},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AuthorityLimit)) == before
