"""Optimistic locking: an edit saved over a newer version is refused, says what changed and
keeps the user's input; inline edits are refused when someone else changed that field."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import event, select, text

from panel.complaints.enums import Severity, Status
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.penalties.models import Penalty
from panel.remedies import rules as authority
from panel.remedies.models import Remedy, RemedyKind, RemedyStatus
from tests.admin.forms import form_with
from tests.fixtures.clients import PanelClient, csrf_token, login
from tests.fixtures.people import user_of
from tests.fixtures.process import advance

REFUSED = "您的修改未保存"


@pytest.fixture
def open_client(app):
    """Log a fresh browser in as the user of ``role``."""
    app.test_client_class = PanelClient

    def _open(role: Role):
        client = app.test_client()
        assert login(client, user_of(role).username).status_code == 302
        return client

    return _open


@pytest.fixture
def complaint(make_complaint):
    made = make_complaint(customer_demand="免费返修")
    db.session.commit()  # a refused request rolls back its own work, not the set-up
    return made


def edit_page(client, model: str, row_id: int) -> tuple[str, dict]:
    url = f"/admin/{model}/edit/?id={row_id}"
    page = client.get(url)
    assert page.status_code == 200
    return url, form_with(page.text, "_row_version")


def current(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def test_edit_over_a_newer_version_is_refused_with_what_changed(open_client, complaint):
    clerk, manager = open_client(Role.CLERK), open_client(Role.SERVICE_MANAGER)
    url, clerk_form = edit_page(clerk, "complaint", complaint.id)
    _, manager_form = edit_page(manager, "complaint", complaint.id)

    manager_form["customer_demand"] = "退还工时费并书面道歉"
    assert manager.post(url, data=manager_form).status_code == 302

    clerk_form["complainant_address"] = "成都市武侯区新地址 8 号"
    refused = clerk.post(url, data=clerk_form)
    assert refused.status_code == 200
    page = refused.text
    assert REFUSED in page
    assert "客户要求" in page and "退还工时费并书面道歉" in page  # which field, and its new value
    assert str(user_of(Role.SERVICE_MANAGER)) in page  # and who changed it
    assert "成都市武侯区新地址 8 号" in page  # the clerk's input is still in the form
    saved = current(Complaint, complaint.id)
    assert saved.customer_demand == "退还工时费并书面道歉"
    assert saved.complainant_address != "成都市武侯区新地址 8 号"

    # The form shown again carries the current version: saving now is a deliberate choice.
    again = form_with(page, "_row_version")
    again["customer_demand"] = "退还工时费并书面道歉"
    assert clerk.post(url, data=again).status_code == 302
    saved = current(Complaint, complaint.id)
    assert saved.complainant_address == "成都市武侯区新地址 8 号"
    assert saved.customer_demand == "退还工时费并书面道歉"


def test_an_unchanged_row_saves_normally(open_client, complaint):
    clerk = open_client(Role.CLERK)
    url, form = edit_page(clerk, "complaint", complaint.id)
    version = complaint.version_id
    form["complainant_address"] = "成都市青羊区 1 号"
    assert clerk.post(url, data=form).status_code == 302
    saved = current(Complaint, complaint.id)
    assert saved.complainant_address == "成都市青羊区 1 号"
    assert saved.version_id == version + 1


def test_a_remedy_approved_meanwhile_cannot_be_edited_from_the_old_form(
    open_client, make_complaint
):
    case = advance(make_complaint(), Status.INVESTIGATING)
    remedy = authority.propose_remedy(
        db.session, case, user_of(Role.ADVISOR), RemedyKind.COMPENSATION, Decimal("1500"), "补偿"
    )
    db.session.commit()
    advisor = open_client(Role.ADVISOR)
    url, form = edit_page(advisor, "remedy", remedy.id)

    authority.decide_remedy(db.session, remedy, user_of(Role.DEPT_MANAGER), True, "同意")
    db.session.commit()

    form["amount"] = "3000"
    refused = advisor.post(url, data=form)
    assert refused.status_code == 200
    assert REFUSED in refused.text and "已审批" in refused.text
    saved = current(Remedy, remedy.id)
    assert saved.status is RemedyStatus.APPROVED and saved.amount == Decimal("1500")


def test_a_race_inside_one_save_gets_the_same_message(open_client, complaint):
    """Another save lands between loading the row and writing it (StaleDataError)."""
    clerk = open_client(Role.CLERK)
    url, form = edit_page(clerk, "complaint", complaint.id)
    form["complainant_address"] = "成都市金牛区 2 号"

    fired = []

    def someone_else_saves(session, _context, _instances):
        if fired:
            return
        fired.append(True)
        session.connection().execute(
            text(
                "UPDATE complaint SET version_id = version_id + 1, customer_demand = '改为退款' "
                "WHERE id = :id"
            ),
            {"id": complaint.id},
        )

    session_class = type(db.session())
    event.listen(session_class, "before_flush", someone_else_saves)
    try:
        refused = clerk.post(url, data=form)
    finally:
        event.remove(session_class, "before_flush", someone_else_saves)
    assert refused.status_code == 200
    assert "已被他人修改" in refused.text
    assert "成都市金牛区 2 号" in refused.text
    assert current(Complaint, complaint.id).complainant_address != "成都市金牛区 2 号"


def _inline_key(list_html: str, row_id: int) -> str:
    match = re.search(rf'data-pk="({row_id}@\d+)"', list_html)
    assert match, "the inline editor carries the row key with the page's audit mark"
    return match.group(1)


def test_inline_edit_of_a_field_someone_changed_meanwhile_is_refused(open_client, complaint):
    clerk, manager = open_client(Role.CLERK), open_client(Role.SERVICE_MANAGER)
    listing = clerk.get("/admin/complaint/")
    key = _inline_key(listing.text, complaint.id)

    url, form = edit_page(manager, "complaint", complaint.id)
    form["urgency"] = "urgent"
    assert manager.post(url, data=form).status_code == 302

    refused = clerk.post(
        "/admin/complaint/ajax/update/",
        data={"list_form_pk": key, "urgency": "normal", "csrf_token": form_token(listing.text)},
    )
    assert refused.status_code == 500
    assert REFUSED in refused.text and "紧急程度" in refused.text
    assert current(Complaint, complaint.id).urgency.value == "urgent"

    # Another field of the same row was not touched by anyone else: that edit goes through.
    done = clerk.post(
        "/admin/complaint/ajax/update/",
        data={"list_form_pk": key, "severity": "major", "csrf_token": form_token(listing.text)},
    )
    assert done.status_code == 200, done.text
    assert current(Complaint, complaint.id).severity is Severity.MAJOR


def test_own_earlier_inline_edit_does_not_block_the_next(open_client, complaint):
    clerk = open_client(Role.CLERK)
    listing = clerk.get("/admin/complaint/")
    key, token = _inline_key(listing.text, complaint.id), form_token(listing.text)
    for value in ("major", "special_major"):
        response = clerk.post(
            "/admin/complaint/ajax/update/",
            data={"list_form_pk": key, "severity": value, "csrf_token": token},
        )
        assert response.status_code == 200, response.text
    assert current(Complaint, complaint.id).severity is Severity.SPECIAL_MAJOR


def form_token(html: str) -> str:
    match = re.search(r'data-csrf="([^"]+)"', html)
    assert match
    return match.group(1)


@pytest.mark.postgres_only
@pytest.mark.committing
def test_two_users_saving_the_same_complaint_at_once(live_app):
    """Both open the form, both press save at the same instant: one wins, one is told."""
    import threading

    with live_app.app_context():
        complaint_id = db.session.scalar(select(Complaint.id))
        version = db.session.get(Complaint, complaint_id).version_id
    url = f"/admin/complaint/edit/?id={complaint_id}"
    people = {"clerk": "成都市武侯区甲 1 号", "svcmgr": "成都市锦江区乙 2 号"}
    forms, clients = {}, {}
    for username, address in people.items():
        clients[username] = live_app.test_client()
        assert login(clients[username], username).status_code == 302
        forms[username] = form_with(clients[username].get(url).text, "_row_version")
        forms[username]["complainant_address"] = address
    barrier = threading.Barrier(len(people))
    responses = {}

    def save(username):
        barrier.wait()
        responses[username] = clients[username].post(url, data=forms[username])

    threads = [threading.Thread(target=save, args=(name,)) for name in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    codes = sorted(r.status_code for r in responses.values())
    assert codes == [200, 302]
    winner = next(name for name, r in responses.items() if r.status_code == 302)
    loser = next(name for name, r in responses.items() if r.status_code == 200)
    assert "已被他人修改" in responses[loser].text
    assert people[loser] in responses[loser].text  # the loser's input is kept
    with live_app.app_context():
        saved = db.session.get(Complaint, complaint_id)
        assert saved.complainant_address == people[winner]
        assert saved.version_id == version + 1


def test_a_penalty_decided_meanwhile_cannot_be_edited_from_the_old_form(
    open_client, make_complaint
):
    from panel.penalties import operations
    from tests.fixtures.penalties import complaint_at_fault, offence, sh_staff

    culprit = sh_staff(0)
    complaint = complaint_at_fault(make_complaint, culprit)
    penalty = operations.propose_penalty(
        db.session, complaint, culprit, offence("S01"), 10, "接待客户态度冷淡",
        user_of(Role.DEPT_MANAGER),
    )  # fmt: skip
    db.session.commit()
    proposer = open_client(Role.DEPT_MANAGER)
    url, form = edit_page(proposer, "penalty", penalty.id)

    operations.decide_penalty(db.session, penalty, user_of(Role.SERVICE_MANAGER), True)
    db.session.commit()

    form["points"] = "15"
    refused = proposer.post(url, data=form)
    assert refused.status_code == 200
    assert REFUSED in refused.text
    saved = current(Penalty, penalty.id)
    assert saved.points == 10


def test_a_remedy_approved_from_another_page_meanwhile_is_not_approved_twice(
    open_client, make_complaint
):
    """Two managers open the complaint, both press "approve": the second is told it is done."""
    case = advance(make_complaint(), Status.INVESTIGATING)
    remedy = authority.propose_remedy(
        db.session, case, user_of(Role.ADVISOR), RemedyKind.COMPENSATION, Decimal("1500"), "补偿"
    )
    db.session.commit()
    managers = [open_client(Role.DEPT_MANAGER), open_client(Role.SERVICE_MANAGER)]
    pages = [m.get(f"/admin/complaint/details/?id={case.id}").text for m in managers]
    posts = [
        manager.post(
            f"/admin/complaint/step/{case.id}",
            data={
                "csrf_token": csrf_token(page),
                "op": "decide",
                "remedy_id": remedy.id,
                "decision": "approve",
            },
        )
        for manager, page in zip(managers, pages, strict=True)
    ]
    assert [p.status_code for p in posts] == [302, 422]
    assert "已有审批结果" in posts[1].text
    saved = current(Remedy, remedy.id)
    assert (
        saved.status is RemedyStatus.APPROVED and saved.approver_id == user_of(Role.DEPT_MANAGER).id
    )
