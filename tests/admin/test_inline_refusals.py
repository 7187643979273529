"""An inline list edit of a field the list does not offer the user is refused with a message
naming the field — not answered "保存记录成功" with nothing changed."""

from __future__ import annotations

import pytest

from panel.complaints.enums import Severity, Status
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token

SAVED = "保存记录成功"


@pytest.fixture
def complaint(make_complaint):
    made = make_complaint(complainant_phone="13812345678")
    db.session.commit()
    return made


def inline_edit(client, complaint, **fields):
    listing = client.get("/admin/complaint/").text
    data = {"csrf_token": csrf_token(listing), "list_form_pk": str(complaint.id), **fields}
    return client.post("/admin/complaint/ajax/update/", data=data)


def current(complaint) -> Complaint:
    db.session.expire_all()
    return db.session.get(Complaint, complaint.id)


@pytest.mark.parametrize(
    "role, field, value, label",
    [
        (Role.CLERK, "status", "closed", "状态"),
        (Role.CLERK, "complainant_phone", "13900000000", "投诉人电话"),
        (Role.ADVISOR, "complainant_phone", "13900000000", "投诉人电话"),
        (Role.SERVICE_MANAGER, "reply_content", "已处理", "审批通过的答复"),
        (Role.CLERK, "no_such_field", "x", "no_such_field"),
    ],
    ids=["status", "phone-clerk", "phone-advisor", "reply", "unknown"],
)
def test_a_field_the_list_does_not_offer_is_refused_by_name(
    login_as, complaint, role, field, value, label
):
    client = login_as(role)
    response = inline_edit(client, complaint, **{field: value})
    assert response.status_code in (400, 403)
    assert SAVED not in response.text
    assert label in response.text and "未保存" in response.text
    saved = current(complaint)
    assert saved.status is Status.REGISTERED
    assert saved.complainant_phone == "13812345678"


def test_a_field_the_role_may_not_change_says_so(login_as, complaint):
    client = login_as(Role.ADVISOR)
    response = inline_edit(client, complaint, severity="major")
    assert response.status_code == 403
    assert "严重程度" in response.text and "服务顾问" in response.text
    assert current(complaint).severity is Severity.GENERAL


def test_the_fields_the_list_offers_are_still_saved(login_as, complaint):
    client = login_as(Role.CLERK)
    response = inline_edit(client, complaint, severity="major")
    assert response.status_code == 200
    assert current(complaint).severity is Severity.MAJOR
