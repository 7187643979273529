"""A stored reference to an inactive department, staff member or offence survives any edit of
other fields; an id that is not one of the choices is refused, naming the field."""

from __future__ import annotations

from sqlalchemy import func, select

from panel.complaints.models import Complaint
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.admin.forms import form_with
from tests.fixtures.clients import csrf_token
from tests.fixtures.people import department, staff_of

NEW_COMPLAINT = {
    "channel": "hotline",
    "complainant_name": "王五",
    "complainant_phone": "13912345678",
    "content": "更换的轮胎一周后鼓包",
    "category": "product_quality",
    "amount_claimed": "0",
    "people_count": "1",
}


def count_complaints() -> int:
    return db.session.scalar(select(func.count()).select_from(Complaint))


def deactivate(row) -> None:
    row.active = False
    db.session.commit()


def test_an_edit_keeps_the_inactive_complained_department(login_as, make_complaint):
    sales = department("XS")
    complaint = make_complaint(complained_department=sales, customer_demand="免费返修")
    db.session.commit()
    deactivate(sales)

    client = login_as(Role.CLERK)
    url = f"/admin/complaint/edit/?id={complaint.id}"
    page = client.get(url).text
    assert f"{sales.name}（已停用）" in page  # shown, and marked, not an empty drop-down
    form = form_with(page, "_row_version")
    assert form["complained_department"] == str(sales.id)
    form["customer_demand"] = "退还工时费"  # the clerk changes only the demand
    response = client.post(url, data=form)
    assert response.status_code == 302

    db.session.expire_all()
    saved = db.session.get(Complaint, complaint.id)
    assert saved.customer_demand == "退还工时费"
    assert saved.complained_department_id == sales.id
    changes = db.session.scalars(
        select(AuditEntry.changes).where(
            AuditEntry.table_name == "complaint",
            AuditEntry.row_id == str(complaint.id),
            AuditEntry.action == "update",
        )
    ).all()
    assert all("complained_department_id" not in c for c in changes)


def test_an_edit_keeps_the_inactive_complained_staff_member(login_as, make_complaint):
    person = staff_of("XS")
    complaint = make_complaint(complained_department=department("XS"), complained_staff=person)
    db.session.commit()
    deactivate(person)

    client = login_as(Role.CLERK)
    url = f"/admin/complaint/edit/?id={complaint.id}"
    form = form_with(client.get(url).text, "_row_version")
    form["customer_demand"] = "道歉"
    assert client.post(url, data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).complained_staff_id == person.id


def test_an_inactive_department_is_not_offered_for_new_complaints(login_as):
    sales = department("XS")
    deactivate(sales)
    page = login_as(Role.CLERK).get("/admin/complaint/new/").text
    assert sales.name not in page


def _create(client, **values):
    page = client.get("/admin/complaint/new/").text
    data = {**NEW_COMPLAINT, **values, "csrf_token": csrf_token(page)}
    return client.post("/admin/complaint/new/", data=data)


def test_an_unknown_department_id_is_refused_by_name(login_as):
    client = login_as(Role.CLERK)
    before = count_complaints()
    for forged in ("99999", "abc", "99999999999999999999"):
        response = _create(client, complained_department=forged)
        assert response.status_code == 200, forged  # the form comes back
        assert "被投诉部门" in response.text and "不是可选的值" in response.text
        assert forged in response.text
    assert count_complaints() == before


def test_an_inactive_department_id_cannot_be_chosen_for_a_new_complaint(login_as):
    sales = department("XS")
    deactivate(sales)
    client = login_as(Role.CLERK)
    before = count_complaints()
    response = _create(client, complained_department=str(sales.id))
    assert response.status_code == 200
    assert "不是可选的值" in response.text
    assert count_complaints() == before


def test_an_unknown_staff_id_is_refused_by_name(login_as):
    client = login_as(Role.CLERK)
    before = count_complaints()
    for forged in ("99999", "abc"):
        response = _create(client, complained_staff=forged)
        assert response.status_code == 200, forged
        assert "被投诉人" in response.text and "不是可选的值" in response.text
    assert count_complaints() == before


def test_a_known_department_is_still_saved(login_as):
    client = login_as(Role.CLERK)
    sales = department("XS")
    response = _create(client, complained_department=str(sales.id), complainant_name="赵六")
    assert response.status_code == 302
    saved = db.session.scalar(select(Complaint).filter_by(complainant_name="赵六"))
    assert saved.complained_department_id == sales.id


def test_dispatching_to_an_inactive_or_unknown_department_is_refused(login_as, make_complaint):
    complaint = make_complaint()
    db.session.commit()
    sales = department("XS")
    deactivate(sales)
    client = login_as(Role.CLERK)
    for forged in (str(sales.id), "99999", "abc", "99999999999999999999"):
        page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
        response = client.post(
            f"/admin/complaint/step/{complaint.id}",
            data={
                "csrf_token": csrf_token(page),
                "op": "move",
                "target": "dispatched",
                "department_id": forged,
            },
        )
        assert response.status_code == 422, forged
        assert "责任部门" in response.text
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).responsible_department_id is None
