"""The penalty pages: forms open for those who may use them, appeals stay private."""

import pytest

from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties import operations
from tests.fixtures.clients import csrf_token, login
from tests.fixtures.penalties import offence
from tests.fixtures.people import user_of


@pytest.mark.parametrize(
    "role, url",
    [
        (Role.DEPT_MANAGER, "/admin/penalty/new/"),
        (Role.CLERK, "/admin/appeal/new/"),
        (Role.CLERK, "/admin/commendation/new/"),
        (Role.DEPT_MANAGER, "/admin/recovery/new/"),
        (Role.ADVISOR, "/admin/responsibility/new/"),
        (Role.ADMIN, "/admin/offence/new/"),
        (Role.ADMIN, "/admin/offence/"),
        (Role.AUDITOR, "/admin/penalty-summary/"),
    ],
)
def test_forms_and_pages_open_in_chinese(login_as, role, url):
    page = login_as(role).get(url)
    assert page.status_code == 200
    assert "奖惩" in page.text


def test_the_schedule_lists_the_seeded_offences(login_as):
    page = login_as(Role.ADMIN).get("/admin/offence/?page_size=50").text
    for text in (
        "接待客户服务态度冷淡，服务效率低下",
        "拒载",
        "故意绕道行驶",
        "车内吸烟",
        "004 §九.1",
    ):
        assert text in page


def test_penalty_and_appeal_pages_show_the_decisions(login_as, appealed):
    client = login_as(Role.GENERAL_MANAGER)
    details = client.get(f"/admin/penalty/details/?id={appealed.penalty_id}").text
    assert "申诉中" in details and "通报全公司" in details
    edit = client.get(f"/admin/appeal/edit/?id={appealed.id}")
    assert edit.status_code == 200 and "申诉裁决" in edit.text
    assert "申诉理由" not in edit.text  # a filed appeal does not change


def test_an_advisor_sees_only_appeals_against_their_own_penalties(client, appealed, culprit_login):
    other = login(client, user_of(Role.ADVISOR).username)
    assert other.status_code == 302
    assert client.get("/admin/appeal/").status_code == 200
    assert client.get(f"/admin/appeal/details/?id={appealed.id}").status_code in (302, 404)
    page = client.get("/admin/appeal/").text
    assert appealed.penalty.complaint.number not in page
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/admin/").text)})
    login(client, "culprit")
    assert client.get(f"/admin/appeal/details/?id={appealed.id}").status_code == 200


def test_the_appeal_form_offers_only_the_users_own_penalties(client, approved, culprit_login):
    login(client, user_of(Role.ADVISOR).username)
    assert f'value="{approved.id}"' not in client.get("/admin/appeal/new/").text
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/admin/").text)})
    login(client, "culprit")
    assert f'value="{approved.id}"' in client.get("/admin/appeal/new/").text


def test_inactive_offences_are_not_offered(login_as):
    from panel.core.actor import acting_as

    admin = user_of(Role.ADMIN)
    row = offence("S04")
    row.active = False
    with acting_as(admin):
        db.session.flush()
    page = login_as(Role.DEPT_MANAGER).get("/admin/penalty/new/").text
    assert "S04" not in page and "S03" in page


def test_bulk_approval_reports_each_refusal(login_as, proposal, at_fault, culprit):
    other = operations.propose_penalty(
        db.session,
        at_fault,
        culprit,
        offence("S02"),
        8,
        "不熟悉业务",
        user_of(Role.SERVICE_MANAGER),
    )
    db.session.commit()
    client = login_as(Role.SERVICE_MANAGER)
    token = csrf_token(client.get("/admin/penalty/").text)
    response = client.post(
        "/admin/penalty/action/",
        data={"csrf_token": token, "action": "approve", "rowid": [proposal.id, other.id]},
        follow_redirects=True,
    )
    assert "已裁决 1 条" in response.text
    assert "自己提出" in response.text


def test_a_department_manager_sees_the_penalties_of_their_department_only(
    app, login_as, make_complaint, proposal
):
    from tests.fixtures.penalties import complaint_at_fault, driver
    from tests.penalties.paths import client_as

    taxi = driver()
    complaint = complaint_at_fault(make_complaint, taxi)
    far = operations.propose_penalty(
        db.session, complaint, taxi, offence("D01"), 6, "拒载", user_of(Role.SERVICE_MANAGER)
    )
    db.session.commit()
    client = login_as(Role.DEPT_MANAGER)
    page = client.get("/admin/penalty/").text
    assert proposal.complaint.number in page and complaint.number not in page
    assert client.get(f"/admin/penalty/details/?id={far.id}").status_code in (302, 404)
    assert client.get(f"/admin/penalty/details/?id={proposal.id}").status_code == 200
    everyone = client_as(app, Role.GENERAL_MANAGER).get("/admin/penalty/").text
    assert complaint.number in everyone
