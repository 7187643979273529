"""Every write path meets the penalty rules: roles × paths (the rule function, a script's own
flush, the create and edit forms, the inline list edit, the bulk action, the CLI).

A refusal leaves the database as it was (rows and audit trail); the permitted role's change
lands and is audited.
"""

import pytest

from panel.complaints import operations as process
from panel.complaints.enums import Fault, Status
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.penalties.models import Penalty, PenaltyStatus
from tests.fixtures.penalties import offence
from tests.fixtures.people import user_of
from tests.fixtures.process import advance
from tests.penalties.paths import assert_refused_for, cli, client_as, quietly, snapshot, token


def fresh(row):
    return db.session.get(type(row), row.id)


# --- proposing ----------------------------------------------------------------------------
def propose_via_rule(client, case, role, points=10):
    quietly(
        lambda: operations.propose_penalty(
            db.session,
            case,
            case.complained_staff,
            offence("S01"),
            points,
            "态度冷淡",
            user_of(role),
        )
    )


def propose_via_script(client, case, role, points=10):
    actor = user_of(role)
    db.session.add(
        Penalty(
            complaint=case,
            staff=case.complained_staff,
            offence=offence("S01"),
            points=points,
            reason="态度冷淡",
        )
    )

    def flush():
        with acting_as(actor):
            db.session.flush()

    quietly(flush)


def propose_via_form(client, case, role, points=10):
    client.post(
        "/admin/penalty/new/",
        data={
            "csrf_token": token(client, "/admin/penalty/new/"),
            "complaint": case.id,
            "staff": case.complained_staff_id,
            "offence": offence("S01").id,
            "points": points,
            "reason": "态度冷淡",
        },
    )


def propose_via_cli(client, case, role, points=10):
    staff_no = case.complained_staff.staff_no
    username = user_of(role).username
    cli(
        client,
        "propose",
        case.number,
        staff_no,
        "S01",
        points,
        "--reason",
        "冷淡",
        "--as",
        username,
    )


PROPOSE = [propose_via_rule, propose_via_script, propose_via_form, propose_via_cli]
PROPOSERS = {Role.DEPT_MANAGER, Role.SERVICE_MANAGER}


@pytest.fixture
def case(at_fault):
    return at_fault


@pytest.mark.parametrize("path", PROPOSE, ids=lambda p: p.__name__)
def test_proposing_is_refused_to_every_other_role(app, case, path):
    assert_refused_for(
        app, set(Role) - PROPOSERS, lambda client, role: path(client, fresh(case), role)
    )


@pytest.mark.parametrize("path", PROPOSE, ids=lambda p: p.__name__)
@pytest.mark.parametrize("role", sorted(PROPOSERS), ids=lambda r: r.value)
def test_proposing_lands_for_the_proposers(app, case, role, path):
    before = snapshot()
    path(client_as(app, role), fresh(case), role)
    after = snapshot()
    assert len(after[0]) == 1, f"{role.value} could not propose through {path.__name__}"
    assert after[0][0][1] is PenaltyStatus.PROPOSED and after[2] > before[2]


@pytest.mark.parametrize("points", [4, 16])
@pytest.mark.parametrize("path", PROPOSE, ids=lambda p: p.__name__)
def test_points_out_of_range_on_every_proposing_path(login_as, case, path, points):
    client = login_as(Role.DEPT_MANAGER)
    before = snapshot()
    path(client, db.session.get(type(case), case.id), Role.DEPT_MANAGER, points)
    assert snapshot() == before


@pytest.mark.parametrize("fault", [Fault.COMPLAINANT, Fault.UNDETERMINED, None])
@pytest.mark.parametrize("path", PROPOSE, ids=lambda p: p.__name__)
def test_fault_precondition_on_every_proposing_path(login_as, make_complaint, culprit, path, fault):
    complaint = advance(make_complaint(complained_staff=culprit), Status.INVESTIGATING)
    if fault is not None:
        process.record_fault(db.session, complaint, user_of(Role.ADVISOR), fault, "核实")
    db.session.commit()
    client = login_as(Role.DEPT_MANAGER)
    before = snapshot()
    path(client, complaint, Role.DEPT_MANAGER)
    assert snapshot() == before


def test_the_form_explains_the_refusal_in_chinese(login_as, case):
    client = login_as(Role.DEPT_MANAGER)
    response = client.post(
        "/admin/penalty/new/",
        data={
            "csrf_token": token(client, "/admin/penalty/new/"),
            "complaint": case.id,
            "staff": case.complained_staff_id,
            "offence": offence("S01").id,
            "points": 16,
            "reason": "态度冷淡",
        },
        follow_redirects=True,
    )
    assert "扣分范围为 5 至 15 分" in response.text


# --- deciding -----------------------------------------------------------------------------
def decide_via_rule(client, penalty, role):
    quietly(lambda: operations.decide_penalty(db.session, penalty, user_of(role), True))


def decide_via_script(client, penalty, role):
    actor = user_of(role)
    penalty.status = PenaltyStatus.APPROVED

    def flush():
        with acting_as(actor):
            db.session.flush()

    quietly(flush)


def decide_via_edit_form(client, penalty, role):
    url = f"/admin/penalty/edit/?id={penalty.id}"
    client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "complaint": penalty.complaint_id,
            "staff": penalty.staff_id,
            "offence": penalty.offence_id,
            "points": penalty.points,
            "circular": "y",
            "reason": penalty.reason,
            "status": "approved",
            "decision_comment": "同意",
        },
    )


def decide_via_inline_edit(client, penalty, role):
    client.post(
        "/admin/penalty/ajax/update/",
        data={
            "csrf_token": token(client, "/admin/penalty/"),
            "list_form_pk": penalty.id,
            "status": "approved",
        },
    )


def decide_via_bulk_action(client, penalty, role):
    client.post(
        "/admin/penalty/action/",
        data={
            "csrf_token": token(client, "/admin/penalty/"),
            "action": "approve",
            "rowid": str(penalty.id),
        },
    )


def decide_via_cli(client, penalty, role):
    cli(client, "decide", penalty.id, "approve", "--as", user_of(role).username)


DECIDE = [
    decide_via_rule,
    decide_via_script,
    decide_via_edit_form,
    decide_via_inline_edit,
    decide_via_bulk_action,
    decide_via_cli,
]
DECIDERS = {Role.SERVICE_MANAGER, Role.GENERAL_MANAGER}


@pytest.mark.parametrize("path", DECIDE, ids=lambda p: p.__name__)
def test_approval_is_refused_to_every_other_role(app, proposal, path):
    assert_refused_for(
        app, set(Role) - DECIDERS, lambda client, role: path(client, fresh(proposal), role)
    )


@pytest.mark.parametrize("path", DECIDE, ids=lambda p: p.__name__)
@pytest.mark.parametrize("role", sorted(DECIDERS), ids=lambda r: r.value)
def test_approval_lands_for_a_higher_role(app, proposal, role, path):
    before = snapshot()
    path(client_as(app, role), fresh(proposal), role)
    after = snapshot()
    (row,) = after[0]
    assert row[1] is PenaltyStatus.APPROVED and row[3] == user_of(role).id
    assert after[2] > before[2]


def edit_points_via_form(client, penalty, points):
    url = f"/admin/penalty/edit/?id={penalty.id}"
    client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "complaint": penalty.complaint_id,
            "staff": penalty.staff_id,
            "offence": penalty.offence_id,
            "points": points,
            "circular": "y",
            "reason": penalty.reason,
            "status": "proposed",
        },
    )


def edit_points_inline(client, penalty, points):
    client.post(
        "/admin/penalty/ajax/update/",
        data={
            "csrf_token": token(client, "/admin/penalty/"),
            "list_form_pk": penalty.id,
            "points": points,
        },
    )


@pytest.mark.parametrize("path", [edit_points_via_form, edit_points_inline], ids=str)
def test_the_proposer_edits_within_range_only(login_as, proposal, path):
    client = login_as(Role.DEPT_MANAGER)
    before = snapshot()
    path(client, db.session.get(Penalty, proposal.id), 16)
    assert snapshot() == before
    path(client, db.session.get(Penalty, proposal.id), 12)
    assert snapshot()[0][0][2] == 12


@pytest.mark.parametrize("path", [edit_points_via_form, edit_points_inline], ids=str)
def test_the_approver_does_not_edit_the_proposal(login_as, proposal, path):
    client = login_as(Role.SERVICE_MANAGER)
    before = snapshot()
    path(client, db.session.get(Penalty, proposal.id), 12)
    assert snapshot() == before
