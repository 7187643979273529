"""Earlier complaints of a phone or plate: beside the registration form (JSON for its script),
"link as repeat" when saving, and in the case file."""

from __future__ import annotations

from sqlalchemy import select

from panel.complaints.enums import Severity
from panel.complaints.models import Complaint
from panel.complaints.repeats import RepeatLink
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.admin.test_csrf import VALID_FORM
from tests.fixtures.clients import csrf_token
from tests.fixtures.people import department


def test_the_registration_form_finds_earlier_complaints_of_the_phone_or_plate(
    login_as, make_complaint
):
    first = make_complaint(complainant_phone="028-86123456", plate_number="川A11111")
    second = make_complaint(complainant_phone="13900001111", plate_number="川A11111")
    make_complaint(complainant_phone="13900002222", plate_number="川B22222")
    client = login_as(Role.CLERK)
    by_phone = client.get("/admin/intake-history/?phone=02886123456").json
    assert [c["number"] for c in by_phone["complaints"]] == [first.number]
    assert by_phone["link_label"] == "关联为重复投诉"
    by_plate = client.get("/admin/intake-history/?plate=川a·11111").json
    assert {c["number"] for c in by_plate["complaints"]} == {first.number, second.number}
    row = by_plate["complaints"][0]
    assert set(row) == {"id", "number", "received", "status", "category", "url"}  # no phone
    assert client.get("/admin/intake-history/?phone=abc").json["complaints"] == []


def test_the_history_follows_the_department_scope(login_as, make_complaint):
    make_complaint(complainant_phone="13900003333", complained_department=department("XS"))
    client = login_as(Role.ADVISOR)  # an advisor of 售后服务部
    assert client.get("/admin/intake-history/?phone=13900003333").json["complaints"] == []


def test_link_as_repeat_makes_the_new_complaint_major(login_as, make_complaint):
    with clock.travel_to(clock.now().replace(year=clock.now().year - 1)):
        earlier = make_complaint(complainant_phone="13900004444")  # outside the repeat window
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/new/")
    assert "intake/history.js" in page.text
    form = {**VALID_FORM, "received_at": clock.now().strftime("%Y-%m-%d %H:%M:%S"),
            "complainant_phone": "13700005555", "csrf_token": csrf_token(page.text),
            "repeat_of": str(earlier.id)}  # fmt: skip
    response = client.post("/admin/complaint/new/", data=form)
    assert response.status_code == 302, response.text
    complaint = db.session.scalar(select(Complaint).order_by(Complaint.id.desc()))
    link = db.session.scalar(select(RepeatLink).filter_by(complaint_id=complaint.id))
    assert link.earlier_id == earlier.id
    assert complaint.severity is Severity.MAJOR


def test_the_case_file_lists_earlier_complaints(login_as, make_complaint):
    first = make_complaint(plate_number="川A77777")
    second = make_complaint(plate_number="川A77777", complainant_phone="13911112222")
    client = login_as(Role.CLERK)
    page = client.get(f"/admin/complaint/details/?id={second.id}")
    assert 'data-testid="earlier-complaints"' in page.text
    assert first.number in page.text.split('data-testid="earlier-complaints"')[1]
