"""Department roles see and change only their department's complaints, on every path."""

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from panel.access import scope
from panel.complaints.enums import Status, Urgency
from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies.models import Remedy
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import (
    SCOPED,
    SEE_ALL,
    advance,
    investigating_elsewhere,
    propose,
    switch_to,
)
from tests.fixtures.people import department, user_of


def csv_cells(response) -> set[str]:
    assert response.status_code == 200
    rows = csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
    return {cell for row in rows for cell in row}


@pytest.mark.parametrize("role", SCOPED + SEE_ALL, ids=lambda r: r.value)
def test_list_and_export_hold_only_the_rows_in_scope(login_as, ours, theirs, role):
    client = login_as(role)
    listing = client.get("/admin/complaint/").text
    exported = csv_cells(client.get("/admin/complaint/export/csv/"))
    assert ours.number in listing and ours.number in exported
    if role in SCOPED:
        assert theirs.number not in listing and theirs.number not in exported
        assert "外部客户" not in listing
    else:
        assert theirs.number in listing and theirs.number in exported


@pytest.mark.parametrize("role", SCOPED, ids=lambda r: r.value)
def test_rows_by_id_outside_the_department_do_not_exist_for_them(login_as, ours, theirs, role):
    client = login_as(role)
    assert client.get(f"/admin/complaint/details/?id={ours.id}").status_code == 200
    for view in ("details", "edit"):
        url = f"/admin/complaint/{view}/?id={theirs.id}"
        response = client.get(url)
        assert response.status_code == 302, url
        assert "外部客户" not in client.get(response.location).text


@pytest.mark.parametrize("role", SCOPED, ids=lambda r: r.value)
def test_crafted_writes_by_id_are_refused(login_as, ours, theirs, role):
    client = login_as(role)
    token = csrf_token(client.get("/admin/complaint/").text)
    # the edit form
    client.post(
        f"/admin/complaint/edit/?id={theirs.id}",
        data={"csrf_token": token, "complainant_name": "改名", "content": "改写"},
    )
    # an inline edit
    inline = client.post(
        "/admin/complaint/ajax/update/",
        data={"csrf_token": token, "list_form_pk": theirs.id, "urgency": "urgent"},
    )
    assert inline.status_code == 500 and "不存在" in inline.text
    # a process step on the case file
    step = client.post(
        f"/admin/complaint/step/{theirs.id}",
        data={"csrf_token": token, "op": "move", "target": "invalid", "reason": "x", "reply": "x"},
    )
    assert step.status_code == 404
    db.session.expire_all()
    again = db.session.get(Complaint, theirs.id)
    assert again.complainant_name == "外部客户"
    assert again.urgency is Urgency.NORMAL and again.status is Status.REGISTERED
    # while the same inline edit on their own complaint goes through
    done = client.post(
        "/admin/complaint/ajax/update/",
        data={"csrf_token": token, "list_form_pk": ours.id, "urgency": "urgent"},
    )
    assert done.status_code == 200
    db.session.expire_all()
    assert db.session.get(Complaint, ours.id).urgency is Urgency.URGENT


def test_drop_downs_offer_and_accept_only_rows_in_scope(login_as, ours, theirs):
    client = login_as(Role.DEPT_MANAGER)
    found = json.loads(
        client.get("/admin/remedy/ajax/lookup/?name=complaint&query=TS").get_data(as_text=True)
    )
    assert [number for _id, number in found] == [ours.number]
    # a crafted remedy form naming the other department's complaint saves nothing
    advance(theirs, Status.DISPATCHED)
    before = db.session.scalar(select(func.count()).select_from(Remedy))
    page = client.get("/admin/remedy/new/")
    client.post(
        "/admin/remedy/new/",
        data={
            "csrf_token": csrf_token(page.text),
            "complaint": theirs.id,
            "kind": "apology",
            "amount": "0",
            "description": "道歉",
        },
    )
    assert db.session.scalar(select(func.count()).select_from(Remedy)) == before


def test_remedy_and_audit_lists_are_scoped_too(login_as, ours, theirs):
    advance(ours, Status.INVESTIGATING)
    investigating_elsewhere(theirs)
    propose(ours, amount="800")
    propose(theirs, amount="900", by=Role.SERVICE_MANAGER)
    client = login_as(Role.DEPT_MANAGER)
    remedies = client.get("/admin/remedy/").text
    assert ours.number in remedies and theirs.number not in remedies
    audit = csv_cells(client.get("/admin/audit/export/csv/?page_size=0"))
    assert str(ours.id) in audit and str(theirs.id) not in audit
    everything = csv_cells(switch_to(client, Role.AUDITOR).get("/admin/audit/export/csv/"))
    assert str(theirs.id) in everything


def test_scripts_obey_the_scope_at_flush_time(ours, theirs):
    advisor, manager = user_of(Role.ADVISOR), user_of(Role.DEPT_MANAGER)
    theirs.content = "脚本改写"  # on an expired instance: the check must still see the change
    with pytest.raises(RuleError, match="另一部门|another department"), acting_as(advisor):
        db.session.flush()
    db.session.rollback()
    investigating_elsewhere(db.session.get(Complaint, theirs.id))
    with pytest.raises(RuleError, match="另一部门|another department"):
        propose(
            db.session.get(Complaint, theirs.id),
            kind=Remedy.kind.type.enum_class.APOLOGY,
            amount="0",
            by=Role.DEPT_MANAGER,
        )
    db.session.rollback()
    mine = db.session.get(Complaint, ours.id)
    mine.content = "本部门改写"
    with acting_as(manager):
        db.session.flush()  # their own department: fine


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN], ids=lambda r: r.value)
def test_read_only_roles_change_nothing_even_by_script(ours, role):
    reader = user_of(role)
    ours.urgency = Urgency.URGENT
    with pytest.raises(RuleError), acting_as(reader):
        db.session.flush()


def test_registering_for_another_department_keeps_it_visible_to_the_registrar(login_as):
    advisor = user_of(Role.ADVISOR)
    complaint = Complaint(
        channel="hotline",
        complainant_name="首问客户",
        content="在售后问到销售部的问题",
        category="pricing",
        complained_department=department("XS"),
    )
    db.session.add(complaint)
    with acting_as(advisor):
        db.session.flush()
    client = login_as(Role.ADVISOR)
    assert complaint.number in client.get("/admin/complaint/").text
    switch_to(client, Role.DEPT_MANAGER)
    assert complaint.number not in client.get("/admin/complaint/").text


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_the_python_predicate_agrees_with_the_sql_filter(ours, theirs, role):
    advance(theirs, Status.INVESTIGATING)  # dispatched to 售后服务部: now theirs is ours too
    clerk = user_of(Role.CLERK)
    other = Complaint(
        channel="hotline",
        complainant_name="第三方",
        content="出租车绕路",
        category="driver_service",
        complained_department=department("YY"),
    )
    db.session.add(other)
    with acting_as(clerk):
        db.session.flush()
    user = user_of(role)
    visible = set(db.session.scalars(scope.restrict(select(Complaint.id), user)))
    for complaint in (ours, theirs, other):
        assert scope.may_see(user, complaint) == (complaint.id in visible), complaint.content
    if role in SCOPED:
        assert visible >= {ours.id, theirs.id} and other.id not in visible
