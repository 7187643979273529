"""The approval screen: the complaint, its history and the remedies side by side; approve or
reject in one step through the case file's own rule path; larger amounts go up the ladder."""

import re

import pytest

from panel.complaints.enums import Status
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies.models import Remedy, RemedyStatus
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import advance, propose, switch_to
from tests.fixtures.people import user_of


@pytest.fixture
def waiting(make_complaint):
    complaint = advance(make_complaint(customer_demand="赔偿误工费"), Status.INVESTIGATING)
    small = propose(complaint, amount="1500")
    large = propose(complaint, amount="5000")
    db.session.commit()
    return complaint, small, large


def decide(client, screen_url, complaint, remedy, decision, comment=""):
    page = client.get(screen_url).text
    return client.post(
        f"/admin/complaint/step/{complaint.id}",
        data={
            "csrf_token": csrf_token(page),
            "op": "decide",
            "remedy_id": remedy.id,
            "decision": decision,
            "comment": comment,
            "next": screen_url,
        },
    )


def test_screen_shows_facts_history_and_only_the_decisions_within_authority(login_as, waiting):
    complaint, small, large = waiting
    client = login_as(Role.DEPT_MANAGER)
    page = client.get(f"/admin/approval/{complaint.id}").text
    assert "赔偿误工费" in page and "保养后发动机异响" in page  # the facts
    assert 'data-testid="history"' in page and "调查中" in page  # the history
    assert f'data-decide="{small.id}"' in page
    assert f'data-decide="{large.id}"' not in page
    escalated = re.search(rf'data-escalated="{large.id}">([^<]+)<', page).group(1)
    assert "服务经理" in escalated  # above the department manager's limit: it goes up
    assert "138****5678" in page and "13812345678" not in page


def test_approve_in_one_step_and_come_back_to_the_screen(login_as, waiting):
    complaint, small, _large = waiting
    client = login_as(Role.DEPT_MANAGER)
    screen = f"/admin/approval/{complaint.id}"
    response = decide(client, screen, complaint, small, "approve", "同意补偿")
    assert response.status_code == 302 and response.location == screen
    db.session.expire_all()
    remedy = db.session.get(Remedy, small.id)
    assert remedy.status is RemedyStatus.APPROVED
    assert remedy.approver_id == user_of(Role.DEPT_MANAGER).id
    assert remedy.decision_comment == "同意补偿"


def test_reject_needs_a_comment(login_as, waiting):
    complaint, small, _large = waiting
    client = login_as(Role.DEPT_MANAGER)
    screen = f"/admin/approval/{complaint.id}"
    refused = decide(client, screen, complaint, small, "reject")
    assert refused.status_code == 422 and "理由" in refused.text
    db.session.expire_all()
    assert db.session.get(Remedy, small.id).status is RemedyStatus.PROPOSED
    decide(client, screen, complaint, small, "reject", "金额过高")
    db.session.expire_all()
    assert db.session.get(Remedy, small.id).status is RemedyStatus.REJECTED


def test_a_crafted_approval_beyond_the_limit_is_refused_with_the_reason(login_as, waiting):
    complaint, _small, large = waiting
    client = login_as(Role.DEPT_MANAGER)
    response = decide(client, f"/admin/approval/{complaint.id}", complaint, large, "approve")
    assert response.status_code == 422 and "服务经理" in response.text
    db.session.expire_all()
    assert db.session.get(Remedy, large.id).status is RemedyStatus.PROPOSED
    switch_to(client, Role.SERVICE_MANAGER)
    decide(client, f"/admin/approval/{complaint.id}", complaint, large, "approve", "同意")
    db.session.expire_all()
    assert db.session.get(Remedy, large.id).status is RemedyStatus.APPROVED


def test_the_reply_is_approved_on_the_same_screen(login_as, make_complaint):
    complaint = advance(make_complaint(), Status.AWAITING_APPROVAL)
    db.session.commit()
    client = login_as(Role.GENERAL_MANAGER)
    listing = client.get("/admin/approval/").text
    assert complaint.number in listing and "data-reply" in listing
    page = client.get(f"/admin/approval/{complaint.id}").text
    assert 'data-step="approved"' in page and 'data-step="investigating"' in page
    response = client.post(
        f"/admin/complaint/step/{complaint.id}",
        data={
            "csrf_token": csrf_token(page),
            "op": "move",
            "target": "approved",
            "next": f"/admin/approval/{complaint.id}",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(complaint), complaint.id).status is Status.APPROVED
    assert f'data-complaint="{complaint.id}"' not in client.get("/admin/approval/").text


def test_screen_outside_scope_or_role_is_refused(login_as, waiting, theirs):
    client = login_as(Role.DEPT_MANAGER)
    assert client.get(f"/admin/approval/{theirs.id}").status_code == 404
    switch_to(client, Role.ADVISOR)
    assert client.get(f"/admin/approval/{waiting[0].id}").status_code == 403
    assert client.get("/admin/approval/").status_code == 403


def test_a_foreign_next_is_ignored(login_as, waiting):
    complaint, small, _large = waiting
    client = login_as(Role.DEPT_MANAGER)
    page = client.get(f"/admin/approval/{complaint.id}").text
    response = client.post(
        f"/admin/complaint/step/{complaint.id}",
        data={
            "csrf_token": csrf_token(page),
            "op": "decide",
            "remedy_id": small.id,
            "decision": "approve",
            "next": "https://evil.example/",
        },
    )
    assert response.location.startswith("/admin/complaint/details/")


def test_case_file_offers_approve_only_where_the_limit_covers(login_as, waiting):
    complaint, small, large = waiting
    client = login_as(Role.DEPT_MANAGER)
    page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    assert re.search(rf'name="remedy_id" value="{small.id}"', page)
    assert not re.search(rf'name="remedy_id" value="{large.id}"', page)
    assert "服务经理" in re.search(rf'data-escalated="{large.id}">([^<]+)<', page).group(1)
    switch_to(client, Role.SERVICE_MANAGER)
    page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    assert re.search(rf'name="remedy_id" value="{large.id}"', page)
