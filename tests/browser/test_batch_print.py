"""In the browser: the administrator fills in the notice settings, the clerk batch-prints from
the complaint list, watches the progress and downloads the merged PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.notices.conftest import page_texts

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def choose(page, field_id: str, label: str) -> None:
    page.click(f"#s2id_{field_id} a.select2-choice")
    page.click(f".select2-drop-active .select2-result-label:text-is('{label}')")


def register_complaint(page, name: str, phone: str) -> int:
    page.goto("/admin/complaint/new/")
    choose(page, "channel", "电话热线")
    page.fill("#complainant_name", name)
    page.fill("#complainant_phone", phone)  # another phone: no repeat complaint, no "major"
    page.fill("#plate_number", "川A7B2C" + phone[-1])
    page.fill("#content", "保养后变速箱异响，返修两次未解决")
    page.fill("#customer_demand", "赔偿误工费")
    choose(page, "category", "维修质量")
    choose(page, "complained_department", "售后服务部")
    page.click("input[type=submit][name=_continue_editing]")
    page.wait_for_url(re.compile(r"/admin/complaint/edit/\?id=\d+"))
    return int(re.search(r"id=(\d+)", page.url).group(1))


def test_batch_print_shows_progress_and_offers_the_merged_pdf(open_session, problems):
    admin = open_session("admin")
    admin.goto("/admin/notice-settings/")
    admin.fill("[name='notices.company_name']", "成都锦程汽车服务有限公司")
    admin.fill("[name='notices.hotline']", "028-86123456")
    admin.click("form[enctype] button[type=submit]")
    assert "通知书设置已保存" in " ".join(admin.locator(".alert").all_inner_texts())

    clerk = open_session("clerk")
    names = ["欧阳娜", "刘䶮"]
    ids = [register_complaint(clerk, name, f"1391234567{i}") for i, name in enumerate(names)]
    clerk.goto("/admin/complaint/")
    for complaint_id in ids:
        clerk.check(f"input.action-checkbox[value='{complaint_id}']")
    # The action itself, as the “选中的” menu runs it (that menu is tested with the list).
    clerk.locator("[data-model-action=batch_print]").dispatch_event("click")
    clerk.wait_for_url("**/admin/notices/batch/**")
    assert "（2 条中 2 条可打印）" in clerk.inner_text("label[for=kind-registration]")
    clerk.check("#kind-registration")
    clerk.click("text=开始打印")
    clerk.wait_for_selector("#batch-download:not([hidden])")
    assert clerk.inner_text("#batch-status") == "已处理 2 / 2"
    with clerk.expect_download() as download:
        clerk.click("#batch-pdf")
    pages = page_texts(Path(download.value.path()).read_bytes())
    assert len(pages) == 2
    assert {name for name in names if name in pages[0] + pages[1]} == set(names)
    assert all("客户投诉登记表" in page and "内部资料" in page for page in pages)
    assert problems.csp_violations() == []
