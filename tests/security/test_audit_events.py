"""Refused requests (403) are written into the audit trail, which stays append-only."""

import pytest
from sqlalchemy import select

from panel.core.audit.models import AuditEntry
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.people import user_of


def forbidden_entries() -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).filter_by(action="forbidden").order_by(AuditEntry.id)
    ).all()


def test_a_403_names_the_user_the_page_and_the_row(login_as, make_complaint):
    complaint = make_complaint()
    client = login_as(Role.AUDITOR)
    token = csrf_token(client.get("/admin/complaint/").text)
    response = client.post(
        f"/admin/complaint/edit/?id={complaint.id}",
        data={"csrf_token": token, "complainant_name": "改名"},
    )
    assert response.status_code == 403
    (entry,) = forbidden_entries()
    auditor = user_of(Role.AUDITOR)
    assert (entry.actor_id, entry.actor_name) == (auditor.id, auditor.username)
    assert entry.table_name == "complaint.edit_view"
    assert entry.row_id == str(complaint.id)
    assert entry.changes["method"] == [None, "POST"]
    assert entry.changes["path"][1].startswith("/admin/complaint/edit/")
    assert entry.changes["role"] == [None, "auditor"]


def test_a_plain_403_page_view_is_recorded(login_as):
    client = login_as(Role.CLERK)
    assert client.get("/admin/user/").status_code == 403
    assert [e.table_name for e in forbidden_entries()] == ["user.index_view"]


def test_answers_other_than_403_are_not_recorded(client, login_as):
    client.get("/admin/user/")  # anonymous: a redirect to the login page
    login_as(Role.ADMIN).get("/admin/user/")
    assert forbidden_entries() == []


def test_security_events_cannot_be_edited(login_as):
    login_as(Role.CLERK).get("/admin/user/")
    (entry,) = forbidden_entries()
    entry.action = "nothing"
    with pytest.raises(RuleError):
        db.session.flush()
