"""Who may change amounts, severity and the process fields: enforced at flush time on every
path, and reflected in the forms by leaving the fields out."""

from decimal import Decimal

import pytest

from panel.access.fields import DIRECT_FIELDS, WRITABLE_COMPLAINT_FIELDS
from panel.complaints.enums import Severity, Status
from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import switch_to
from tests.fixtures.people import department, user_of


def edit_form(client, complaint) -> str:
    return client.get(f"/admin/complaint/edit/?id={complaint.id}").text


@pytest.mark.parametrize(
    "role, sees_amount",
    [
        (Role.CLERK, True),
        (Role.ADVISOR, False),
        (Role.DEPT_MANAGER, True),
        (Role.SERVICE_MANAGER, True),
        (Role.GENERAL_MANAGER, True),
    ],
    ids=lambda v: getattr(v, "value", ""),
)
def test_forms_leave_out_what_the_role_may_not_change(login_as, ours, role, sees_amount):
    client = login_as(role)
    for page in (edit_form(client, ours), client.get("/admin/complaint/new/").text):
        assert ('name="amount_claimed"' in page) == sees_amount
        assert ('name="severity"' in page) == sees_amount
        assert 'name="content"' in page
    assert 'name="responsible_department"' not in edit_form(client, ours)  # dispatch sets it


def test_a_crafted_edit_post_does_not_change_the_amount(login_as, ours):
    client = login_as(Role.ADVISOR)
    page = edit_form(client, ours)
    form = {
        "csrf_token": csrf_token(page),
        "version_id": "1",
        "received_at": ours.received_at.strftime("%Y-%m-%d %H:%M:%S"),
        "channel": "hotline",
        "complainant_name": "本部客户",
        "complainant_phone": "13812345678",
        "content": "保养后发动机异响，已经两次",
        "category": "repair_quality",
        "people_count": "1",
        "urgency": "normal",
        "amount_claimed": "8000",
        "severity": "special_major",
    }
    response = client.post(f"/admin/complaint/edit/?id={ours.id}", data=form)
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Complaint, ours.id)
    assert saved.content == "保养后发动机异响，已经两次"  # what the advisor may change, changed
    assert saved.amount_claimed == Decimal("0") and saved.severity is Severity.GENERAL


def test_inline_edit_of_a_forbidden_field_is_refused(login_as, ours):
    client = login_as(Role.CLERK)
    assert 'data-role="x-editable"' in client.get("/admin/complaint/").text
    switch_to(client, Role.ADVISOR)
    listing = client.get("/admin/complaint/").text
    assert 'data-role="x-editable"' not in listing  # severity is not theirs to change
    response = client.post(
        "/admin/complaint/ajax/update/",
        data={"csrf_token": csrf_token(listing), "list_form_pk": ours.id, "severity": "major"},
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Complaint, ours.id).severity is Severity.GENERAL


def test_scripts_and_imports_meet_the_same_field_rules(ours):
    advisor, clerk = user_of(Role.ADVISOR), user_of(Role.CLERK)
    ours.amount_claimed = Decimal("3000")
    with pytest.raises(RuleError, match="索赔金额") as refused, acting_as(advisor):
        db.session.flush()
    assert refused.value.field == "amount_claimed"
    db.session.rollback()
    registered = Complaint(
        channel="hotline",
        complainant_name="新客户",
        content="喷漆色差",
        category="repair_quality",
        complained_department=department("SH"),
        amount_claimed=Decimal("600"),
    )
    db.session.add(registered)
    with pytest.raises(RuleError, match="索赔金额"), acting_as(advisor):
        db.session.flush()
    db.session.rollback()
    again = db.session.get(Complaint, ours.id)
    again.amount_claimed = Decimal("3000")
    with acting_as(clerk):
        db.session.flush()
    assert again.severity is Severity.MAJOR  # the classification still raises it afterwards


def test_process_fields_change_only_by_who_may_take_their_step(ours):
    clerk, advisor = user_of(Role.CLERK), user_of(Role.ADVISOR)
    ours.handler = advisor  # naming the handler is the department manager's step
    with pytest.raises(RuleError, match="处理流程"), acting_as(clerk):
        db.session.flush()
    db.session.rollback()
    db.session.get(Complaint, ours.id).responsible_department = department("XS")
    with pytest.raises(RuleError, match="责任部门"), acting_as(advisor):
        db.session.flush()  # dispatching is the front desk's
    db.session.rollback()
    db.session.get(Complaint, ours.id).closed_at = ours.received_at
    with pytest.raises(RuleError, match="处理流程"), acting_as(clerk):
        db.session.flush()  # set by the transitions themselves
    db.session.rollback()
    from panel.complaints import operations as process

    complaint = db.session.get(Complaint, ours.id)
    db.session.expire(complaint)  # the step's data may be flushed before its status
    process.dispatch(db.session, complaint, clerk, department("SH"))
    process.start_investigation(db.session, complaint, user_of(Role.DEPT_MANAGER), advisor)
    assert complaint.status is Status.INVESTIGATING and complaint.handler_id == advisor.id


def test_the_map_is_complete_and_read_only_roles_write_nothing():
    assert set(WRITABLE_COMPLAINT_FIELDS) == set(Role)
    assert WRITABLE_COMPLAINT_FIELDS[Role.AUDITOR] == WRITABLE_COMPLAINT_FIELDS[Role.ADMIN] == set()
    assert "amount_claimed" not in WRITABLE_COMPLAINT_FIELDS[Role.ADVISOR]
    assert all(f in Complaint.__table__.columns for f in DIRECT_FIELDS)
