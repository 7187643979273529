"""A bulk action the user may not take says why and is written into the audit trail, instead
of returning to the list in silence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind, RemedyStatus
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import advance
from tests.fixtures.people import user_of


def refusals() -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).filter_by(action="forbidden").order_by(AuditEntry.id)
    ).all()


def bulk(client, listing: str, action: str, rows: list[int]):
    page = client.get(listing).text
    response = client.post(
        f"{listing}action/",
        data={"csrf_token": csrf_token(page), "action": action, "rowid": [str(r) for r in rows]},
    )
    assert response.status_code == 302
    return client.get(response.location).text


def test_a_bulk_delete_the_role_may_not_take_says_why_and_is_audited(login_as, make_complaint):
    complaint = make_complaint()
    db.session.commit()
    client = login_as(Role.CLERK)
    page = bulk(client, "/admin/complaint/", "delete", [complaint.id])
    assert "客服专员" in page and "不能执行" in page and "删除" in page
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 1
    (entry,) = refusals()
    assert entry.actor_id == user_of(Role.CLERK).id
    assert entry.changes["action"] == [None, "delete"]
    assert entry.changes["rows"] == [None, [str(complaint.id)]]


@pytest.fixture
def proposed(make_complaint):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    remedy = authority.propose_remedy(
        db.session,
        complaint,
        user_of(Role.ADVISOR),
        RemedyKind.COMPENSATION,
        Decimal("1500"),
        "补偿",
    )
    db.session.commit()
    return remedy


def test_an_approval_by_a_role_without_authority_says_why_and_is_audited(login_as, proposed):
    client = login_as(Role.ADVISOR)
    page = bulk(client, "/admin/remedy/", "approve", [proposed.id])
    assert "不能执行" in page
    db.session.expire_all()
    assert proposed.status is RemedyStatus.PROPOSED
    assert [e.changes["action"][1] for e in refusals()] == ["approve"]


def test_an_unknown_action_says_why_and_is_audited(login_as, make_complaint):
    complaint = make_complaint()
    db.session.commit()
    client = login_as(Role.CLERK)
    page = bulk(client, "/admin/complaint/", "drop_table", [complaint.id])
    assert "drop_table" in page and "不能执行" in page
    assert [e.changes["action"][1] for e in refusals()] == ["drop_table"]


def test_an_allowed_bulk_action_is_not_a_refusal(login_as, proposed):
    client = login_as(Role.SERVICE_MANAGER)
    bulk(client, "/admin/remedy/", "approve", [proposed.id])
    db.session.expire_all()
    assert proposed.status is RemedyStatus.APPROVED
    assert refusals() == []
