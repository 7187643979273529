"""Every write path meets the appeal rules: filing and deciding, roles × paths (the rule
function, a script's own flush, the create and edit forms, the inline list edit, the bulk
action, the CLI).

A refusal leaves the database as it was (rows and audit trail); the permitted role's change
lands and is audited.
"""

import pytest

from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties import operations
from panel.penalties.models import AppealOutcome, Penalty, PenaltyAppeal, PenaltyStatus
from tests.fixtures.people import user_of
from tests.penalties.paths import assert_refused_for, cli, client_as, quietly, snapshot, token


def fresh(row):
    return db.session.get(type(row), row.id)


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
def test_filing_is_refused_to_others(app, approved, path):
    others = set(Role) - {Role.CLERK}
    assert_refused_for(app, others, lambda client, role: path(client, fresh(approved), role))


@pytest.mark.parametrize("path", APPEAL, ids=lambda p: p.__name__)
def test_a_clerk_files_on_behalf_of_the_penalised_person(app, approved, path):
    path(client_as(app, Role.CLERK), fresh(approved), Role.CLERK)
    rows, appeals, _audits = snapshot()
    assert rows[0][1] is PenaltyStatus.APPEALED and len(appeals) == 1


@pytest.mark.parametrize("path", APPEAL, ids=lambda p: p.__name__)
def test_the_penalised_person_files_their_own_appeal(client, approved, culprit_login, path):
    from tests.fixtures.clients import login

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
def test_the_appeal_decision_is_refused_to_everyone_involved(app, appealed, path):
    """Proposed by the department manager, approved by the service manager, filed by the
    clerk: only the general manager is not involved. The list offers no inline decision (a
    decision needs its reason), so that path lands for nobody."""
    others = set(Role) if path is inline_decision else set(Role) - {Role.GENERAL_MANAGER}
    assert_refused_for(app, others, lambda client, role: path(client, fresh(appealed), role))


@pytest.mark.parametrize(
    "path", [p for p in APPEAL_DECISIONS if p is not inline_decision], ids=lambda p: p.__name__
)
def test_the_appeal_decision_lands_for_a_manager_not_involved(app, appealed, path):
    before = snapshot()
    manager = user_of(Role.GENERAL_MANAGER)
    path(client_as(app, Role.GENERAL_MANAGER), fresh(appealed), Role.GENERAL_MANAGER)
    after = snapshot()
    assert after[0][0][1] is PenaltyStatus.REVOKED
    assert after[1][0][1:] == (AppealOutcome.REVOKED, manager.id)
    assert after[2] > before[2]
