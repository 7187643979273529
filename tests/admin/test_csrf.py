"""Every state-changing form needs its CSRF token."""

from datetime import timedelta

from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token

VALID_FORM = {
    # Received an hour ago: within the receipt window (panel.complaints.rules.intake).
    "received_at": f"{clock.now() - timedelta(hours=1):%Y-%m-%d %H:%M:%S}",
    "channel": "hotline",
    "complainant_name": "李四",
    "complainant_phone": "13912345678",
    "content": "更换的轮胎一周后鼓包",
    "category": "product_quality",
    "amount_claimed": "0",
    "people_count": "1",
}


def count_complaints() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Complaint))


def test_create_without_token_is_rejected(login_as):
    client = login_as(Role.CLERK)
    before = count_complaints()
    response = client.post("/admin/complaint/new/", data=VALID_FORM)
    assert response.status_code == 200  # the form comes back with the error
    assert count_complaints() == before


def test_create_with_forged_token_is_rejected(login_as):
    client = login_as(Role.CLERK)
    before = count_complaints()
    client.post("/admin/complaint/new/", data={**VALID_FORM, "csrf_token": "forged##token"})
    assert count_complaints() == before


def test_create_with_token_is_accepted(login_as):
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/new/")
    before = count_complaints()
    response = client.post(
        "/admin/complaint/new/", data={**VALID_FORM, "csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 302
    assert count_complaints() == before + 1


def test_login_without_token_is_rejected(client):
    response = client.post("/login", data={"username": "clerk", "password": "Demo1234"})
    assert response.status_code == 401
    assert client.get("/admin/").status_code == 302


def test_logout_without_token_keeps_the_session(login_as):
    client = login_as(Role.CLERK)
    client.post("/logout", data={})
    assert client.get("/admin/").status_code == 200


def test_delete_without_token_is_rejected(login_as):
    from tests.fixtures.people import department

    client = login_as(Role.ADMIN)
    target = department("CW")
    client.post("/admin/department/delete/", data={"id": str(target.id)})
    assert db.session.get(type(target), target.id) is not None
