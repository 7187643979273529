"""Control characters (a NUL byte above all) in any text field are refused with a message
naming the field, on SQLite (which would store them) as on PostgreSQL (which cannot, and whose
error text holds the whole statement and every value); no database error text reaches a page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.core.audit.models import AuditEntry
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.organisation.models.user import Role
from panel.remedies.models import Remedy
from tests.admin.forms import form_with
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import advance

NEW_COMPLAINT = {
    "channel": "hotline",
    "complainant_name": "王五",
    "complainant_phone": "13912345678",
    "content": "更换的轮胎一周后鼓包",
    "category": "product_quality",
    "amount_claimed": "0",
    "people_count": "1",
}
# Text fields of the registration form and their labels.
TEXT_FIELDS = {
    "complainant_name": "投诉人",
    "complainant_address": "投诉人地址",
    "content": "投诉内容",
    "customer_demand": "客户要求",
    "vehicle_model": "车型",
    "regulator_name": "转办单位",
}
LEAKS = ("INSERT", "UPDATE", "SELECT", "psycopg", "DataError", "NUL (0x00)", "[parameters")


def counts() -> tuple[int, int]:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Complaint, AuditEntry)
    )


def assert_refused_by_name(response, label: str) -> None:
    page = response.text
    assert response.status_code in (200, 422), response.status_code
    assert label in page and "控制字符" in page
    for leak in LEAKS:
        assert leak not in page, leak


@pytest.mark.parametrize("field", sorted(TEXT_FIELDS))
@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"], ids=["nul", "bell", "escape"])
def test_registration_refuses_control_characters_by_field(login_as, field, character):
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/new/").text
    before = counts()
    data = {**NEW_COMPLAINT, field: f"前{character}后", "csrf_token": csrf_token(page)}
    response = client.post("/admin/complaint/new/", data=data)
    assert_refused_by_name(response, TEXT_FIELDS[field])
    assert counts() == before


def test_line_breaks_and_tabs_are_still_welcome(login_as):
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/new/").text
    text = "第一行\r\n第二行\t缩进"
    data = {**NEW_COMPLAINT, "content": text, "csrf_token": csrf_token(page)}
    assert client.post("/admin/complaint/new/", data=data).status_code == 302
    saved = db.session.scalar(select(Complaint).order_by(Complaint.id.desc()))
    assert "第二行\t缩进" in saved.content


def test_an_edit_with_a_nul_byte_is_refused_and_keeps_the_record(login_as, make_complaint):
    complaint = make_complaint(customer_demand="免费返修")
    db.session.commit()
    client = login_as(Role.CLERK)
    url = f"/admin/complaint/edit/?id={complaint.id}"
    form = form_with(client.get(url).text, "_row_version")
    form["customer_demand"] = "退款\x00"
    assert_refused_by_name(client.post(url, data=form), "客户要求")
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).customer_demand == "免费返修"


def test_a_process_step_with_a_nul_byte_is_refused(login_as, make_complaint):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    db.session.commit()
    client = login_as(Role.ADVISOR)
    page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    form = {
        "csrf_token": csrf_token(page),
        "op": "propose",
        "kind": "apology",
        "amount": "0",
        "description": "当面\x00道歉",
    }
    response = client.post(f"/admin/complaint/step/{complaint.id}", data=form)
    assert_refused_by_name(response, "控制字符")
    assert db.session.scalar(select(func.count()).select_from(Remedy)) == 0


def test_the_administrators_forms_refuse_a_nul_byte(login_as):
    client = login_as(Role.ADMIN)
    page = client.get("/admin/department/new/").text
    form = form_with(page, "code")
    form.update({"code": "ZZ", "name": "临时\x00部门", "kind": "sales"})
    response = client.post("/admin/department/new/", data=form)
    assert_refused_by_name(response, "部门名称")
    assert db.session.scalar(select(Department).filter_by(code="ZZ")) is None


def test_every_write_path_refuses_them(make_complaint):
    """Below the views: a script or an import gets the same refusal at flush time."""
    complaint = make_complaint()
    complaint.complainant_address = "成都\x00市"
    with pytest.raises(RuleError, match="控制字符"):
        db.session.flush()
    db.session.rollback()
