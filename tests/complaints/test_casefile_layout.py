"""A readable case file and list: a header card with the essentials and the time left, a
progress bar of the steps with times, deadlines and who took them, the record grouped with the
empty fields left out; on the list, the time left, overdue rows marked, status and severity as
coloured badges and the user's queues as saved filters."""

from __future__ import annotations

import re
from datetime import timedelta

from panel.complaints.enums import Status
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from tests.fixtures.desk import switch_to
from tests.fixtures.process import advance


def part(page: str, testid: str, until: str) -> str:
    """The page from the element ``testid`` to the text ``until`` after it."""
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index(until, start)]


def stage(page: str, status: str) -> str:
    return re.search(rf'<li class="([^"]*)" data-stage="{status}"(.*?)</li>', page, re.S)


def test_the_header_card_shows_who_what_and_the_time_left(login_as, make_complaint):
    complaint = make_complaint(flag_media=True, complainant_name="欧阳娜")
    db.session.commit()
    page = login_as(Role.CLERK).get(f"/admin/complaint/details/?id={complaint.id}").text
    header = part(page, "casefile-header", 'data-testid="progress"')
    assert complaint.number in header and "欧阳娜" in header and "川A12345" in header
    assert 'data-status="registered"' in header and 'data-severity="major"' in header
    assert 'data-urgency="urgent"' in header
    assert re.search(r'data-left="(ok|soon)"[^>]*>剩余', page)
    assert "媒体介入" in part(page, "severity-reasons", "</div>")


def test_the_progress_bar_shows_each_step_its_time_actor_and_the_next_deadline(
    login_as, make_complaint
):
    complaint = make_complaint()
    advance(complaint, Status.INVESTIGATING)
    db.session.commit()
    page = login_as(Role.CLERK).get(f"/admin/complaint/details/?id={complaint.id}").text
    registered, dispatched = stage(page, "registered"), stage(page, "dispatched")
    investigating, waiting = stage(page, "investigating"), stage(page, "awaiting_approval")
    assert registered.group(1) == "done" and "陈晓雯" in registered.group(2)  # the demo clerk
    assert dispatched.group(1) == "done" and re.search(r"\d\d-\d\d \d\d:\d\d", dispatched[2])
    assert investigating.group(1) == "current"
    assert waiting.group(1) == "ahead"
    due = complaint.step_due_at
    assert f"应于 {due:%m-%d %H:%M}" in waiting.group(2) and "剩余" in waiting.group(2)
    assert stage(page, "closed").group(1) == "ahead"


def test_a_late_step_and_an_overdue_one_are_marked(login_as, make_complaint):
    complaint = make_complaint()
    db.session.commit()
    client = login_as(Role.CLERK)
    with clock.travel_to(complaint.step_due_at + timedelta(hours=2)):
        page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    assert "overdue" in stage(page, "registered").group(1)
    assert "已逾期 2 小时" in stage(page, "dispatched").group(2)
    assert 'data-testid="overdue"' in page


def test_fields_are_grouped_and_the_empty_ones_left_out(login_as, make_complaint):
    complaint = make_complaint(flag_safety=True, vehicle_model="比亚迪汉")
    db.session.commit()
    page = login_as(Role.CLERK).get(f"/admin/complaint/details/?id={complaint.id}").text
    fields = part(page, "fields", '<div class="col-lg-5">')
    sections = re.findall(r'data-section="(\w+)"', fields)
    assert sections[:3] == ["customer", "vehicle", "complaint"]
    assert "handling" not in sections  # nothing handled yet
    assert "比亚迪汉" in fields
    for empty in ("乘车时间", "乘车路线", "维修工单号", "投诉人地址", "责任认定", "重新处理次数"):
        assert f">{empty}<" not in fields
    flags = part(fields, "flags", "</div>")
    assert "涉及安全" in flags and "媒体介入" not in flags


def test_the_next_steps_are_primary_buttons(login_as, make_complaint):
    complaint = make_complaint()
    db.session.commit()
    page = login_as(Role.CLERK).get(f"/admin/complaint/details/?id={complaint.id}").text
    dispatch = re.search(r'data-step="dispatched".*?</form>', page, re.S).group(0)
    assert "btn-primary" in dispatch


def test_the_list_shows_the_time_left_badges_and_overdue_rows(login_as, make_complaint):
    late = make_complaint(complainant_name="逾期客户")
    fresh = make_complaint(complainant_name="新客户", complainant_phone="13700001111")
    db.session.commit()
    fresh.step_due_at = clock.now() + timedelta(days=2, minutes=30)
    late.step_due_at = clock.now() - timedelta(hours=5)
    db.session.commit()
    page = login_as(Role.CLERK).get("/admin/complaint/").text
    rows = {
        name: row
        for row in re.findall(r"<tr>.*?</tr>", page, re.S)
        for name in ("逾期客户", "新客户")
        if name in row
    }
    assert "data-overdue" in rows["逾期客户"] and "已逾期 5 小时" in rows["逾期客户"]
    assert "data-overdue" not in rows["新客户"] and "剩余 2 天" in rows["新客户"]
    assert 'class="badge badge-info" data-status="registered"' in rows["新客户"]
    assert "<th" in page and "剩余时间" in page


def test_severity_badges_for_those_who_cannot_edit_it(login_as, make_complaint):
    make_complaint(flag_police=True)
    db.session.commit()
    page = login_as(Role.AUDITOR).get("/admin/complaint/").text
    assert 'class="badge badge-warning" data-severity="major"' in page


def test_the_queues_are_saved_filters_over_the_list(login_as):
    client = login_as(Role.CLERK)
    page = client.get("/admin/complaint/").text
    saved = part(page, "saved-filters", "</nav>")
    links = dict(re.findall(r'href="([^"]+)" data-queue="(\w+)"', saved))
    assert set(links.values()) >= {"mine", "overdue", "due_today", "open"}
    overdue = next(url for url, name in links.items() if name == "overdue")
    assert "已超时" in saved
    assert client.get(overdue.replace("&amp;", "&")).status_code == 200


def test_a_proposal_does_not_read_as_a_status_change(login_as, make_complaint):
    complaint = make_complaint()
    advance(complaint, Status.INVESTIGATING)
    db.session.commit()
    client = login_as(Role.ADVISOR)
    page = client.get(f"/admin/complaint/details/?id={complaint.id}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/admin/complaint/step/{complaint.id}",
        data={"csrf_token": token, "op": "fault", "fault": "ours", "evidence": "工单与监控一致"},
        follow_redirects=True,
    )
    assert "仍为“调查中”" in response.text and "现为" not in response.text


def test_a_decided_remedy_waits_for_nobody_on_the_remedy_list(login_as, make_complaint):
    complaint = make_complaint()
    advance(complaint, Status.AWAITING_APPROVAL)  # an apology, granted by the advisor at once
    db.session.commit()
    page = login_as(Role.SERVICE_MANAGER).get("/admin/remedy/").text
    row = re.search(r"<tr>.*?赔礼道歉.*?</tr>", page, re.S).group(0)
    assert "已审批" in row and "部门经理" not in row


def test_the_landing_page_has_a_register_button_for_those_who_register(login_as):
    client = login_as(Role.CLERK)
    assert 'data-testid="register"' in client.get("/admin/").text
    auditor = switch_to(client, Role.AUDITOR)
    assert 'data-testid="register"' not in auditor.get("/admin/").text
