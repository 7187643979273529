"""Every write path meets the penalty rules: roles × paths (the rule function, a script's own
flush, the create and edit forms, the inline list edit, the bulk action, the CLI).

A refusal leaves the database as it was (rows and audit trail); the permitted role's change
lands and is audited.
"""

import pytest
from sqlalchemy import func, select

from panel.extensions import db
from panel.models import AuditEntry, Fault, Role, Status
from panel.penalties import operations
from panel.penalties.models import AppealOutcome, Penalty, PenaltyAppeal, PenaltyStatus
from panel.rules import process
from panel.rules.actor import acting_as
from panel.rules.errors import RuleError
from tests.conftest import csrf_token, user_of
from tests.factories import advance
from tests.penalties.factories import offence

TABLES = ("penalty", "penalty_appeal")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def audited() -> int:
    """Audit entries of the penalty tables (refused requests are audited elsewhere as 403s)."""
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name.in_(TABLES))
    )


def snapshot():
    db.session.expire_all()
    rows = [
        (p.id, p.status, p.points, p.approver_id)
        for p in db.session.scalars(select(Penalty).order_by(Penalty.id))
    ]
    appeals = [
        (a.id, a.outcome, a.decided_by_id)
        for a in db.session.scalars(select(PenaltyAppeal).order_by(PenaltyAppeal.id))
    ]
    return rows, appeals, audited()


def token(client, url):
    page = client.get(url)
    return csrf_token(page.text) if page.status_code == 200 else ""


def cli(client, *args):
    return client.application.test_cli_runner().invoke(args=["penalty", *map(str, args)])


def quietly(operation):
    try:
        operation()
    except RuleError:
        db.session.rollback()


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
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_propose_matrix(login_as, case, role, path):
    client = login_as(role)
    before = snapshot()
    path(client, db.session.get(type(case), case.id), role)
    after = snapshot()
    if role in PROPOSERS:
        assert len(after[0]) == 1, f"{role.value} could not propose through {path.__name__}"
        assert after[0][0][1] is PenaltyStatus.PROPOSED and after[2] > before[2]
    else:
        assert after == before, f"{role.value} proposed through {path.__name__}"


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
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_approval_matrix(login_as, proposal, role, path):
    client = login_as(role)
    before = snapshot()
    path(client, db.session.get(Penalty, proposal.id), role)
    after = snapshot()
    if role in DECIDERS:
        (row,) = after[0]
        assert row[1] is PenaltyStatus.APPROVED and row[3] == user_of(role).id
        assert after[2] > before[2]
    else:
        assert after == before, f"{role.value} approved through {path.__name__}"


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


# --- appealing ----------------------------------------------------------------------------
def appeal_via_rule(client, penalty, role):
    quietly(lambda: operations.file_appeal(db.session, penalty, user_of(role), "请求复核"))


def appeal_via_script(client, penalty, role):
    actor = user_of(role)
    db.session.add(PenaltyAppeal(penalty=penalty, grounds="请求复核"))

    def flush():
        with acting_as(actor):
            db.session.flush()

    quietly(flush)


def appeal_via_form(client, penalty, role):
    client.post(
        "/admin/appeal/new/",
        data={
            "csrf_token": token(client, "/admin/appeal/new/"),
            "penalty": penalty.id,
            "grounds": "请求复核",
        },
    )


def appeal_via_cli(client, penalty, role):
    cli(client, "appeal", penalty.id, "--grounds", "请求复核", "--as", user_of(role).username)


APPEAL = [appeal_via_rule, appeal_via_script, appeal_via_form, appeal_via_cli]


@pytest.mark.parametrize("path", APPEAL, ids=lambda p: p.__name__)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_filing_matrix(login_as, approved, role, path):
    client = login_as(role)
    before = snapshot()
    path(client, db.session.get(Penalty, approved.id), role)
    after = snapshot()
    if role is Role.CLERK:  # on behalf of the penalised person, who has no login here
        assert after[0][0][1] is PenaltyStatus.APPEALED and len(after[1]) == 1
    else:
        assert after == before, f"{role.value} appealed through {path.__name__}"


@pytest.mark.parametrize("path", APPEAL, ids=lambda p: p.__name__)
def test_the_penalised_person_files_their_own_appeal(client, approved, culprit_login, path):
    from tests.conftest import login

    login(client, "culprit")
    path_role = culprit_login.role
    if path in (appeal_via_rule, appeal_via_script):
        actor = culprit_login
        if path is appeal_via_rule:
            operations.file_appeal(db.session, approved, actor, "本人申诉")
        else:
            db.session.add(PenaltyAppeal(penalty=approved, grounds="本人申诉"))
            with acting_as(actor):
                db.session.flush()
    elif path is appeal_via_form:
        appeal_via_form(client, approved, path_role)
    else:
        cli(client, "appeal", approved.id, "--grounds", "本人申诉", "--as", "culprit")
    rows, appeals, _audits = snapshot()
    assert rows[0][1] is PenaltyStatus.APPEALED and len(appeals) == 1


@pytest.mark.parametrize("path", APPEAL, ids=lambda p: p.__name__)
@pytest.mark.parametrize("decided", [False, True], ids=["pending", "decided"])
def test_a_second_appeal_is_refused_on_every_path(login_as, appealed, path, decided):
    if decided:
        operations.decide_appeal(db.session, appealed, user_of(Role.GENERAL_MANAGER), True, "维持")
        db.session.commit()
    client = login_as(Role.CLERK)
    before = snapshot()
    path(client, db.session.get(Penalty, appealed.penalty_id), Role.CLERK)
    assert snapshot() == before


def rule_decision(client, appeal, role):
    quietly(lambda: operations.decide_appeal(db.session, appeal, user_of(role), False, "撤销"))


def script_decision(client, appeal, role):
    actor = user_of(role)
    appeal.outcome, appeal.decision_reason = AppealOutcome.REVOKED, "撤销"

    def flush():
        with acting_as(actor):
            db.session.flush()

    quietly(flush)


def form_decision(client, appeal, role):
    url = f"/admin/appeal/edit/?id={appeal.id}"
    client.post(
        url,
        data={"csrf_token": token(client, url), "outcome": "revoked", "decision_reason": "撤销"},
    )


def inline_decision(client, appeal, role):
    client.post(
        "/admin/appeal/ajax/update/",
        data={
            "csrf_token": token(client, "/admin/appeal/"),
            "list_form_pk": appeal.id,
            "outcome": "revoked",
        },
    )


def bulk_decision(client, appeal, role):
    client.post(
        "/admin/appeal/action/",
        data={
            "csrf_token": token(client, "/admin/appeal/"),
            "action": "revoke",
            "rowid": appeal.id,
        },
    )


def cli_decision(client, appeal, role):
    username = user_of(role).username
    cli(client, "decide-appeal", appeal.id, "revoke", "--reason", "撤销", "--as", username)


APPEAL_DECISIONS = [
    rule_decision,
    script_decision,
    form_decision,
    inline_decision,
    bulk_decision,
    cli_decision,
]


@pytest.mark.parametrize("path", APPEAL_DECISIONS, ids=lambda p: p.__name__)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_appeal_decision_matrix(login_as, appealed, role, path):
    """Proposed by the department manager, approved by the service manager, filed by the
    clerk: only the general manager is not involved. The list offers no inline decision (a
    decision needs its reason), so that path lands for nobody."""
    client = login_as(role)
    before = snapshot()
    path(client, db.session.get(PenaltyAppeal, appealed.id), role)
    after = snapshot()
    if role is Role.GENERAL_MANAGER and path is not inline_decision:
        assert after[0][0][1] is PenaltyStatus.REVOKED
        assert after[1][0][1:] == (AppealOutcome.REVOKED, user_of(role).id)
        assert after[2] > before[2]
    else:
        assert after == before, f"{role.value} decided the appeal through {path.__name__}"
