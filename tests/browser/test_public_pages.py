"""The customer pages in headless Chromium on a phone-sized screen: the complaint form, the
progress lookup (and its lockout), the survey; and the earlier complaints beside the clerk's
registration form. No Content-Security-Policy violation anywhere."""

from __future__ import annotations

import logging
import re
import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from panel.complaints.enums import Channel, Status
from panel.complaints.models import Complaint
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.demo.loader import load_demo_data
from panel.organisation.models.user import Role
from panel.public.operations import invite
from panel.remedies.models import RemedyKind
from tests.fixtures.database import scratch_app
from tests.fixtures.people import department, staff_of, user_of
from tests.fixtures.process import advance

pytestmark = [pytest.mark.browser, pytest.mark.committing]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def served(app, tmp_path_factory):
    """The panel over HTTP with its app at hand, to prepare complaints in its database."""
    folder = tmp_path_factory.mktemp("public")
    with scratch_app(folder) as panel:
        panel.config["ATTACHMENT_ROOT"] = str(folder / "attachments")
        with panel.app_context():
            load_demo_data(complaints=0)
            db.session.remove()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = make_server("127.0.0.1", 0, panel, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield panel, f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join()
            server.server_close()


@pytest.fixture
def phone(browser, served, problems):
    """A page on a phone-sized screen; fails on CSP violations and script errors."""
    context = browser.new_context(base_url=served[1], locale="zh-CN", **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems.watch(page)
    yield page
    context.close()
    expected = re.compile(r"HTTP (429|400|404): ")  # a lockout, a refused form, a spent link
    unexpected = [m for m in problems.messages if not expected.match(m)]
    assert unexpected == [], "\n".join(unexpected)


def prepared(panel, target: Status, phone_number: str, **extra) -> Complaint:
    with panel.app_context():
        clerk = user_of(Role.CLERK)
        complaint = Complaint(
            channel=Channel.HOTLINE, complainant_name="周先生", complainant_phone=phone_number,
            content="更换刹车片后制动异响", category="repair_quality",
            complained_department=department("SH"), recorded_by=clerk, **extra,
        )  # fmt: skip
        db.session.add(complaint)
        with acting_as(clerk):
            db.session.flush()
        advance(complaint, target, remedy=(RemedyKind.COMPENSATION, "2600"))
        db.session.commit()
        db.session.refresh(complaint)
        db.session.expunge(complaint)
        db.session.remove()
        return complaint


def look_up(page, number: str, tail: str) -> None:
    page.goto("/track")
    page.fill("input[name=number]", number)
    page.fill("input[name=tail]", tail)
    page.click("button[type=submit]")


def test_a_customer_looks_up_a_complaint_on_a_phone(phone, served):
    panel, _ = served
    complaint = prepared(panel, Status.AWAITING_APPROVAL, "13612345678", complained_staff_id=None)
    look_up(phone, complaint.number, "5678")
    progress = phone.locator("[data-testid=progress]")
    text = progress.inner_text()
    assert "处理方案审核中" in text and "售后服务部" in text and "预计答复日期" in text
    assert "投诉已受理" in phone.locator("[data-testid=steps]").inner_text()
    with panel.app_context():
        names = [user_of(Role.ADVISOR).display_name, staff_of("SH").name]
    for hidden in ("13612345678", "2,600", "2600", "工单记录与监控一致", "非常抱歉", *names):
        assert hidden not in phone.content()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling on the phone


def test_ten_wrong_tails_lock_the_number_out(phone, served):
    complaint = prepared(served[0], Status.DISPATCHED, "13712345678")
    for n in range(10):
        look_up(phone, complaint.number, f"{n:04d}")
        assert "没有与该编号和号码匹配的投诉" in phone.locator("[data-testid=message]").inner_text()
    look_up(phone, complaint.number, "5678")
    message = phone.locator("[data-testid=message]").inner_text()
    assert "查询过于频繁或错误次数过多" in message and "后再试" in message
    assert phone.locator("[data-testid=progress]").count() == 0


def test_a_survey_answer_of_one_reopens_the_complaint(phone, served):
    panel, _ = served
    complaint = prepared(panel, Status.REPLIED, "13812340000")
    with panel.app_context():
        token = invite(db.session, db.session.get(Complaint, complaint.id), "notice")
        db.session.commit()
    phone.goto(f"/survey/{token}")
    for question in ("speed", "attitude", "result", "overall"):
        phone.locator(f"[data-question={question}] input[value='1']").check()
    phone.fill("textarea[name=comment]", "问题依旧没有解决")
    phone.click("button[type=submit]")
    assert "重新处理" in phone.locator("[data-testid=survey-done]").inner_text()
    with panel.app_context():
        stored = db.session.get(Complaint, complaint.id)
        assert stored.status is Status.REOPENED
        assert not stored.callbacks[-1].satisfied
        db.session.remove()
    phone.goto(f"/survey/{token}")
    assert "无效或已使用" in phone.content()


def test_the_public_form_creates_a_wechat_complaint(phone, served):
    panel, _ = served
    phone.goto("/complain?via=wechat")
    phone.fill("input[name=complainant_name]", "孙女士")
    phone.fill("input[name=complainant_phone]", "13912348888")
    phone.fill("input[name=plate_number]", "川A9K8J7")
    phone.fill("textarea[name=content]", "洗车时划伤车漆，店方不认")
    question = phone.locator("[data-testid=question]").inner_text()
    a, b = map(int, re.search(r"(\d) \+ (\d)", question).groups())
    phone.fill("input[name=answer]", str(a + b))
    phone.click("button[type=submit]")
    number = phone.locator("[data-testid=number]").inner_text().strip()
    assert re.fullmatch(r"TS-\d{8}-\d{4}", number)
    with panel.app_context():
        complaint = db.session.scalar(select(Complaint).filter_by(number=number))
        assert complaint.channel is Channel.WECHAT and complaint.status is Status.REGISTERED
        db.session.remove()
    phone.click("a.button")
    assert phone.input_value("input[name=number]") == number


def test_the_clerk_sees_earlier_complaints_while_registering(browser, served, problems):
    panel, url = served
    earlier = prepared(panel, Status.DISPATCHED, "13598765432")
    context = browser.new_context(base_url=url, locale="zh-CN")
    page = context.new_page()
    problems.watch(page)
    page.goto("/login")
    page.fill("input[name=username]", "clerk")
    page.fill("input[name=password]", "Demo1234")
    page.click("button[type=submit]")
    page.goto("/admin/complaint/new/")
    page.fill("#complainant_phone", "13598765432")
    row = page.locator(f"[data-testid=repeat-history] tr[data-complaint='{earlier.number}']")
    row.wait_for()
    assert "已派发" in row.inner_text()
    row.locator("input[type=checkbox]").check()
    assert page.locator("form input[name=repeat_of]").get_attribute("value") == str(earlier.id)
    context.close()
    assert problems.csp_violations() == [] and problems.messages == []
