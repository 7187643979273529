"""The audit trail: every insert, update and delete, by any path, append-only."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from panel.complaints.enums import Status
from panel.core.actor import acting_as
from panel.core.audit.models import AuditEntry
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.department import Department, DepartmentKind
from panel.organisation.models.user import Role
from tests.fixtures.clients import csrf_token
from tests.fixtures.people import user_of
from tests.fixtures.process import advance


def entries_for(table, row_id):
    return db.session.scalars(
        select(AuditEntry).filter_by(table_name=table, row_id=str(row_id)).order_by(AuditEntry.id)
    ).all()


def test_insert_and_update_record_actor_and_before_after(make_complaint):
    complaint = make_complaint(complainant_name="赵六")
    inserted = entries_for("complaint", complaint.id)
    assert inserted[0].action == "insert"
    assert inserted[0].actor_name == "clerk"
    assert inserted[0].changes["complainant_name"] == [None, "赵六"]
    clerk = user_of(Role.CLERK)
    complaint.customer_demand = "退款"
    with acting_as(clerk):
        db.session.flush()
    update = entries_for("complaint", complaint.id)[-1]
    assert update.action == "update"
    assert update.changes["customer_demand"] == [None, "退款"]
    assert "updated_at" not in update.changes


def test_the_process_leaves_a_complete_trail(make_complaint):
    complaint = advance(make_complaint(), Status.APPROVED)
    trail = db.session.scalars(
        select(AuditEntry).filter_by(complaint_id=complaint.id).order_by(AuditEntry.id)
    ).all()
    tables = {entry.table_name for entry in trail}
    assert {"complaint", "complaint_transition", "remedy"} <= tables
    status_changes = [
        e.changes["status"][1]
        for e in trail
        if e.table_name == "complaint" and e.action == "update" and "status" in e.changes
    ]
    assert status_changes == ["dispatched", "investigating", "awaiting_approval", "approved"]


def test_delete_is_recorded_with_the_values_before():
    department = Department(code="TMP", name="临时部门", kind=DepartmentKind.SALES)
    db.session.add(department)
    db.session.flush()
    db.session.delete(department)
    db.session.flush()
    deleted = entries_for("department", department.id)[-1]
    assert deleted.action == "delete"
    assert deleted.changes["name"] == ["临时部门", None]


def test_passwords_never_enter_the_trail():
    user = user_of(Role.AUDITOR)
    user.set_password("Another123")
    db.session.flush()
    entry = entries_for("user_account", user.id)[-1]
    assert entry.changes["password_hash"] == ["***", "***"]


def test_trail_is_append_only_in_the_orm(make_complaint):
    make_complaint()
    entry = db.session.scalar(select(AuditEntry).limit(1))
    entry.action = "forged"
    with pytest.raises(RuleError, match="审计记录不可修改"):
        db.session.flush()


def test_trail_is_append_only_in_the_database(make_complaint):
    make_complaint()
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text("UPDATE audit_entry SET action = 'forged'"))
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text("DELETE FROM audit_entry"))


def test_web_edit_is_audited_with_the_logged_in_user(client, login_as, make_complaint):
    complaint = make_complaint()
    db.session.commit()
    client = login_as(Role.ADVISOR)
    page = client.get(f"/admin/complaint/edit/?id={complaint.id}")
    form = {
        "csrf_token": csrf_token(page.text),
        "received_at": "2026-11-20 09:30:00",
        "channel": "hotline",
        "complainant_name": "张三",
        "complainant_phone": "13812345678",
        "content": "保养后发动机异响，已经两次",
        "category": "repair_quality",
        "amount_claimed": "0",
        "people_count": "1",
        "severity": "general",
        "urgency": "normal",
    }
    assert client.post(f"/admin/complaint/edit/?id={complaint.id}", data=form).status_code == 302
    entry = entries_for("complaint", complaint.id)[-1]
    assert entry.actor_name == "advisor"
    assert entry.changes["content"][1] == "保养后发动机异响，已经两次"
