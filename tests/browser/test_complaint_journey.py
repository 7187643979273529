"""A complaint from the hotline to the customer's PDF, clicked through in headless Chromium.

The clerk registers it, the department manager names the advisor, the advisor proposes
¥3,000 compensation (beyond an advisor's remit: it waits for the service manager), the service
manager approves the remedy and the reply, and the clerk issues the customer notice and
downloads it. Every page runs under the Content-Security-Policy without a violation.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.steps import flash_text, register_complaint

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def step(page, data_step: str):
    return page.locator(f"form[data-step='{data_step}']")


def set_company_details(page) -> None:
    """Notices print the company's name: the administrator fills it in once."""
    page.goto("/admin/notice-settings/")
    page.fill("[name='notices.company_name']", "蓉城汽车服务有限公司")
    page.fill("[name='notices.hotline']", "028-86123456")
    page.click("form[enctype='multipart/form-data'] button[type=submit]")
    assert "已保存" in flash_text(page), flash_text(page)
    assert "蓉城汽车服务有限公司" in page.input_value("[name='notices.company_name']")


def test_complaint_from_registration_to_the_customer_notice(open_session, problems):
    set_company_details(open_session("admin"))
    clerk = open_session("clerk")
    complaint_id = register_complaint(clerk)
    details = f"/admin/complaint/details/?id={complaint_id}"
    clerk.goto(details)
    number = clerk.locator("h2").first.inner_text().split(" ")[0]

    dispatch = step(clerk, "dispatched")
    dispatch.locator("select[name=department_id]").select_option(label="售后服务部")
    dispatch.locator("button").click()
    assert "已派发" in flash_text(clerk) or "派" in clerk.locator("h2").first.inner_text()

    manager = open_session("deptmgr")
    manager.goto(details)
    start = step(manager, "investigating")
    start.locator("select[name=handler_id]").select_option(index=0)
    handler_label = start.locator("select[name=handler_id] option").first.inner_text()
    assert "服务顾问" in handler_label
    start.locator("button").click()

    advisor = open_session("advisor")
    advisor.goto(details)
    propose = step(advisor, "propose")
    propose.locator("select[name=kind]").select_option(value="compensation")
    propose.locator("input[name=amount]").fill("3000")
    propose.locator("textarea[name=description]").fill("补偿误工费三千元")
    propose.locator("button").click()
    remedy_row = advisor.locator("tr[data-remedy]").first
    assert "3,000.00" in remedy_row.inner_text()
    assert "服务经理" in remedy_row.inner_text()  # awaiting the service manager
    submit = step(advisor, "awaiting_approval")
    submit.locator("textarea[name=reply]").fill("经核实，同意补偿误工费人民币三千元。")
    submit.locator("button").click()

    director = open_session("svcmgr")
    director.goto(details)
    director.locator("tr[data-remedy] button[value=approve]").first.click()
    assert "已审批" in director.locator("tr[data-remedy]").first.inner_text()
    step(director, "approved").locator("button").click()
    assert "已审批" in director.locator("h2").first.inner_text()

    clerk.goto("/admin/complaint/")
    clerk.click(f"a[href='/admin/notices/complaint/{complaint_id}']")  # the row's print icon
    row = clerk.locator("tr[data-kind=customer_result]")
    row.locator("button[type=submit]").click()
    assert "出具" in flash_text(clerk), flash_text(clerk)
    row = clerk.locator("tr[data-kind=customer_result]")
    with clerk.expect_download() as download_info:
        row.locator("a").first.click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    reader = PdfReader(io.BytesIO(Path(pdf.path()).read_bytes()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert f"投诉编号：{number}" in text
    assert "¥3,000.00" in text
    assert "经核实，同意补偿误工费人民币三千元。" in text  # the approved reply, word for word
    assert problems.csp_violations() == []
