"""The desk in Chromium at 1400 × 900, as a clerk works at it all day: the registration form on
one screen, a repeat caller with a media flag registered as major on the first save with the
reasons shown, all the errors of a bad form at once and in Chinese; a manager's approval page
on a 390 px phone without sideways scrolling. A scripted clerk registers a phone complaint and
the clicks, keystrokes and time it took are printed (``-s``) and held to a budget."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.steps import choose, flash_text, register_complaint
from tests.core.english import english_on

pytestmark = [pytest.mark.browser, pytest.mark.committing]

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


def at(page, size: dict):
    page.set_viewport_size(size)
    return page


def verdict(page) -> str:
    return page.locator("[data-testid=classification]").inner_text()


def test_the_registration_form_fits_one_screen_and_a_half(open_session):
    clerk = at(open_session("clerk"), DESKTOP)
    clerk.goto("/admin/complaint/new/")
    form_height = clerk.evaluate("document.querySelector('form.admin-form').offsetHeight")
    page_height = clerk.evaluate("document.documentElement.scrollHeight")
    assert page_height <= 1.5 * DESKTOP["height"], (form_height, page_height)
    # Three columns side by side, and the save button without scrolling.
    columns = clerk.locator(".desk-column").evaluate_all(
        "cs => cs.map(c => Math.round(c.getBoundingClientRect().left))"
    )
    assert len(set(columns)) == 3
    assert clerk.locator("input[type=submit]").first.bounding_box()["y"] < DESKTOP["height"]


def test_a_repeat_caller_with_a_media_flag_registers_as_major_on_the_first_save(open_session):
    clerk = at(open_session("clerk"), DESKTOP)
    register_complaint(clerk, "司徒雷", "13611112222", "川A5D6F7")  # the first call
    clerk.goto("/admin/complaint/new/")
    clerk.fill("#complainant_name", "司徒雷")
    clerk.fill("#complainant_phone", "13611112222")
    clerk.fill("#content", "变速箱异响第三次来电，客户称已联系电视台")
    choose(clerk, "category", "维修质量")
    clerk.check("#flag_media")
    # The verdict follows as the clerk types: major, urgent, and why.
    clerk.locator("[data-testid=reasons] li", has_text="媒体介入").wait_for()
    live = verdict(clerk)
    assert "重大" in live and "紧急" in live and "媒体介入" in live and "重复投诉" in live
    clerk.click("input[type=submit][value='保存']")
    clerk.wait_for_load_state()
    assert "只有管理人员可以降级" not in clerk.content()
    assert "创建记录成功" in flash_text(clerk)
    clerk.goto("/admin/complaint/?search=13611112222")
    clerk.locator("a[title='查看记录']").first.click()
    reasons = clerk.locator("[data-testid=severity-reasons]").inner_text()
    assert "重大" in clerk.locator("[data-testid=casefile-header] h2").inner_text()
    assert "媒体介入" in reasons and "重复投诉" in reasons


def test_four_bad_fields_are_shown_at_once_and_in_chinese(open_session):
    clerk = at(open_session("clerk"), DESKTOP)
    clerk.goto("/admin/complaint/new/")
    clerk.fill("#received_at", "2030-01-01 09:00:00")
    clerk.fill("#complainant_phone", "12345")
    clerk.fill("#plate_number", "川A123")
    clerk.fill("#content", "客户投诉保养后异响")
    clerk.fill("#customer_demand", "尽快修好")
    clerk.click("input[type=submit][value='保存']")
    clerk.wait_for_load_state()
    summary = clerk.locator("[data-testid=form-errors]").inner_text()
    assert "有 4 处需要改正" in summary
    for field in ("受理时间", "投诉人", "投诉人电话", "车牌号"):
        assert field in summary
    assert clerk.locator(".invalid-feedback").count() == 4  # and each under its field
    assert english_on(clerk.content()) == []
    assert clerk.input_value("#customer_demand") == "尽快修好"


def test_a_promise_in_the_demand_gets_a_reminder_as_the_clerk_types(open_session):
    clerk = at(open_session("clerk"), DESKTOP)
    clerk.goto("/admin/complaint/new/")
    clerk.fill("#customer_demand", "已答应客户免收工时费 ¥300")
    warning = clerk.locator("[data-promise=customer_demand]")
    warning.wait_for()
    assert "只有经审批的内容才能告知客户" in warning.inner_text()


def awaiting_approval(open_session) -> int:
    """A complaint whose apology was granted by the advisor and whose reply waits for a
    manager: registered, dispatched, investigated, submitted — all in the browser."""
    clerk = open_session("clerk")
    complaint_id = register_complaint(clerk, "上官婉", "13622223333", "川A8G9H1")
    details = f"/admin/complaint/details/?id={complaint_id}"
    clerk.goto(details)
    clerk.locator("form[data-step=dispatched] button").click()
    manager = open_session("deptmgr")
    manager.goto(details)
    manager.locator("form[data-step=investigating] button").click()
    advisor = open_session("advisor")
    advisor.goto(details)
    propose = advisor.locator("form[data-step=propose]")
    propose.locator("select[name=kind]").select_option(value="apology")
    propose.locator("textarea[name=description]").fill("当面向客户赔礼道歉，说明返修安排")
    propose.locator("button").click()
    submit = advisor.locator("form[data-step=awaiting_approval]")
    submit.locator("textarea[name=reply]").fill("非常抱歉给您带来不便，我们将免费返修并加强培训。")
    submit.locator("button").click()
    assert "待审批" in advisor.locator("[data-testid=casefile-header] h2").inner_text()
    return complaint_id


def test_the_approval_page_on_a_phone_has_no_sideways_scroll(open_session):
    complaint_id = awaiting_approval(open_session)
    manager = at(open_session("deptmgr"), PHONE)
    for url in ("/admin/approval/", f"/admin/approval/{complaint_id}", "/admin/reports/"):
        manager.goto(url)
        widths = manager.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (url, widths)
    manager.goto(f"/admin/approval/{complaint_id}")
    approve = manager.locator("form[data-step=approved] button")
    box = approve.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    approve.click()
    manager.wait_for_load_state()
    assert "已审批" in manager.content()


class ScriptedClerk:
    """A clerk on the phone, driven by mouse and keyboard; every click and key is counted."""

    def __init__(self, page) -> None:
        self.page, self.clicks, self.keys = page, 0, 0

    def click(self, selector: str) -> None:
        self.page.click(selector)
        self.clicks += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.keys += len(text)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.keys += 1

    def choose(self, field_id: str, label: str) -> None:
        self.click(f"#s2id_{field_id} a.select2-choice")
        self.click(f".select2-drop-active .select2-result-label:text-is('{label}')")


def test_a_scripted_clerk_registers_a_phone_complaint(open_session):
    """From the list to the saved complaint: the channel is already 电话热线 and 受理时间 now;
    name, phone and plate are typed in one go with Tab, the rest by a click each."""
    page = at(open_session("clerk"), DESKTOP)
    page.goto("/admin/complaint/")
    clerk = ScriptedClerk(page)
    started = time.monotonic()
    clerk.click("a.nav-link:text-is('创建')")
    page.wait_for_selector("#complainant_name")
    clerk.click("#complainant_name")
    clerk.type("欧阳修")
    clerk.press("Tab")
    clerk.type("13633334444")
    clerk.press("Tab")
    clerk.press("Tab")  # past the address the caller did not give
    clerk.type("川A2B3C4")
    clerk.click("#content")
    clerk.type("保养后发动机故障灯常亮，已返修两次仍未解决")
    clerk.choose("category", "维修质量")
    clerk.choose("complained_department", "售后服务部")
    clerk.click("#customer_demand")
    clerk.type("免费彻底检修，提供代步车")
    clerk.click("input[type=submit][value='保存']")
    page.wait_for_load_state()
    seconds = time.monotonic() - started
    assert "创建记录成功" in flash_text(page)
    print(
        f"\nscripted clerk: {clerk.clicks} clicks, {clerk.keys} keystrokes, "
        f"{seconds:.1f} s in Chromium (no scrolling)"
    )
    assert clerk.clicks <= 10 and page.evaluate("window.scrollY") == 0
    match = re.search(r"TS-\d{8}-\d{4}", page.content())
    assert match, "the list shows the new complaint's number"
