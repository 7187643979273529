"""Every write path meets the authority rules: a matrix of roles × paths.

The case: an advisor proposed ¥5,000 compensation, which only a service manager or the general
manager may approve. Everyone else is refused on every path, and the database is unchanged.
"""

from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from panel.complaints.enums import Status
from panel.core.actor import acting_as
from panel.core.audit.models import AuditEntry
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import Remedy, RemedyKind, RemedyStatus
from tests.fixtures.clients import csrf_token
from tests.fixtures.people import user_of
from tests.fixtures.process import advance

MAY_APPROVE = {Role.SERVICE_MANAGER, Role.GENERAL_MANAGER}


@pytest.fixture
def proposal(make_complaint):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    remedy = authority.propose_remedy(
        db.session,
        complaint,
        user_of(Role.ADVISOR),
        RemedyKind.COMPENSATION,
        Decimal("5000"),
        "补偿",
    )
    db.session.commit()  # keep the set-up when a refused request rolls back its own work
    return remedy


def state(remedy_id):
    """The remedy's decision and the number of data changes in the trail (refused requests
    may add their own "forbidden" entries; those are not changes)."""
    db.session.expire_all()
    remedy = db.session.get(Remedy, remedy_id)
    changes = db.session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action.in_(("insert", "update", "delete")))
    )
    return remedy.status, remedy.approver_id, changes


def via_rule(client, remedy, role):
    try:
        authority.decide_remedy(db.session, remedy, user_of(role), True, "同意")
    except RuleError:
        db.session.rollback()


def via_script(client, remedy, role):
    actor = user_of(role)
    remedy.status = RemedyStatus.APPROVED
    try:
        with acting_as(actor):
            db.session.flush()
    except RuleError:
        db.session.rollback()


def via_case_file(client, remedy, role):
    page = client.get(f"/admin/complaint/details/?id={remedy.complaint_id}")
    token = csrf_token(page.text) if page.status_code == 200 else ""
    client.post(
        f"/admin/complaint/step/{remedy.complaint_id}",
        data={"csrf_token": token, "op": "decide", "remedy_id": remedy.id, "decision": "approve"},
    )


def via_edit_form(client, remedy, role):
    page = client.get(f"/admin/remedy/edit/?id={remedy.id}")
    token = csrf_token(page.text) if page.status_code == 200 else ""
    client.post(
        f"/admin/remedy/edit/?id={remedy.id}",
        data={
            "csrf_token": token,
            "complaint": remedy.complaint_id,
            "kind": "compensation",
            "amount": "5000",
            "description": "补偿",
            "status": "approved",
            "decision_comment": "同意",
        },
    )


def via_inline_edit(client, remedy, role):
    page = client.get("/admin/remedy/")
    token = csrf_token(page.text) if page.status_code == 200 else ""
    client.post(
        "/admin/remedy/ajax/update/",
        data={"csrf_token": token, "list_form_pk": remedy.id, "status": "approved"},
    )


def via_bulk_action(client, remedy, role):
    page = client.get("/admin/remedy/")
    token = csrf_token(page.text) if page.status_code == 200 else ""
    client.post(
        "/admin/remedy/action/",
        data={"csrf_token": token, "action": "approve", "rowid": str(remedy.id)},
    )


def via_cli(client, remedy, role):
    runner = client.application.test_cli_runner()
    runner.invoke(
        args=["remedy", "decide", str(remedy.id), "approve", "--as", user_of(role).username]
    )


PATHS = [
    via_rule,
    via_script,
    via_case_file,
    via_edit_form,
    via_inline_edit,
    via_bulk_action,
    via_cli,
]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.__name__)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_approval_matrix(client, login_as, proposal, role, path):
    login_as(role)
    before = state(proposal.id)
    assert before[0] is RemedyStatus.PROPOSED
    path(client, db.session.get(Remedy, proposal.id), role)
    after = state(proposal.id)
    if role in MAY_APPROVE:
        assert after[0] is RemedyStatus.APPROVED, "a covering manager's approval must land"
        assert after[1] == user_of(role).id
        assert after[2] > before[2]  # and it is audited
    else:
        assert after == before, f"{role.value} changed the remedy through {path.__name__}"


def test_refusal_is_explained_in_chinese_on_the_case_file(client, login_as, proposal):
    login_as(Role.DEPT_MANAGER)
    page = client.get(f"/admin/complaint/details/?id={proposal.complaint_id}")
    response = client.post(
        f"/admin/complaint/step/{proposal.complaint_id}",
        data={
            "csrf_token": csrf_token(page.text),
            "op": "decide",
            "remedy_id": proposal.id,
            "decision": "approve",
            "comment": "我来批",
        },
    )
    assert response.status_code == 422
    assert "超出您的审批权限" in response.text
    assert "服务经理/客服总监审批" in response.text


def test_bulk_update_statement_is_refused(proposal):
    with pytest.raises(RuleError, match="批量修改"):
        db.session.execute(update(Remedy).values(status=RemedyStatus.APPROVED))


def test_clerk_cannot_propose_on_any_path(client, login_as, make_complaint):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    db.session.commit()
    client = login_as(Role.CLERK)
    count = lambda: db.session.scalar(select(func.count()).select_from(Remedy))  # noqa: E731
    before = count()
    page = client.get("/admin/remedy/new/")
    assert page.status_code == 403
    page = client.get(f"/admin/complaint/details/?id={complaint.id}")
    assert 'data-step="propose"' not in page.text
    client.post(
        f"/admin/complaint/step/{complaint.id}",
        data={
            "csrf_token": csrf_token(page.text),
            "op": "propose",
            "kind": "apology",
            "amount": "0",
            "description": "道歉",
        },
    )
    assert count() == before


@pytest.fixture
def own_proposal(make_complaint):
    """A department manager's own ¥1,500 compensation: within their limit, never self-granted."""
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    remedy = authority.propose_remedy(
        db.session,
        complaint,
        user_of(Role.DEPT_MANAGER),
        RemedyKind.COMPENSATION,
        Decimal("1500"),
        "补偿",
    )
    db.session.commit()
    return remedy


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.__name__)
def test_nobody_approves_their_own_proposal_on_any_path(client, login_as, own_proposal, path):
    login_as(Role.DEPT_MANAGER)
    before = state(own_proposal.id)
    path(client, db.session.get(Remedy, own_proposal.id), Role.DEPT_MANAGER)
    assert state(own_proposal.id) == before


def propose_on_case_file(client, complaint_id, amount):
    page = client.get(f"/admin/complaint/details/?id={complaint_id}")
    return client.post(
        f"/admin/complaint/step/{complaint_id}",
        data={
            "csrf_token": csrf_token(page.text),
            "op": "propose",
            "kind": "compensation",
            "amount": amount,
            "description": "补偿",
        },
    )


def propose_on_form(client, complaint_id, amount):
    page = client.get("/admin/remedy/new/")
    return client.post(
        "/admin/remedy/new/",
        data={
            "csrf_token": csrf_token(page.text),
            "complaint": complaint_id,
            "kind": "compensation",
            "amount": amount,
            "description": "补偿",
        },
    )


@pytest.mark.parametrize(
    "propose_via", [propose_on_case_file, propose_on_form], ids=["case_file", "form"]
)
def test_advisor_promise_beyond_remit_is_only_a_proposal(
    client, login_as, make_complaint, propose_via
):
    complaint = advance(make_complaint(), Status.INVESTIGATING)
    db.session.commit()
    login_as(Role.ADVISOR)
    propose_via(client, complaint.id, "3000")
    db.session.expire_all()
    (remedy,) = db.session.scalars(select(Remedy).filter_by(complaint_id=complaint.id)).all()
    assert remedy.status is RemedyStatus.PROPOSED
    assert remedy.awaiting_role is Role.SERVICE_MANAGER
    assert remedy.approver_id is None
