"""The admin's own widgets keep working under the Content-Security-Policy: select2 (the
registration form), x-editable inline edits (their choices were read with ``new Function``),
the filter menu, bulk actions and the delete confirmation (they had inline handlers)."""

from __future__ import annotations

import pytest

from tests.browser.steps import flash_text, register_complaint

pytestmark = [pytest.mark.browser, pytest.mark.committing]


def test_inline_edit_filter_menu_and_bulk_print(open_session, problems):
    clerk = open_session("clerk")
    complaint_id = register_complaint(clerk, "司马光", "13700000001", "川A1K2M3")
    clerk.goto("/admin/complaint/?search=司马光")
    list_url = clerk.url

    cell = clerk.locator(f"a[data-role=x-editable][name=severity][data-pk^='{complaint_id}@']")
    assert cell.inner_text().strip() == "一般"
    cell.click()
    clerk.wait_for_selector(".editable-input .select2-container")  # opens with the choices
    clerk.click(".select2-drop-active .select2-result-label:text-is('重大')")
    clerk.click(".editable-submit")
    clerk.wait_for_selector(".editable-container", state="detached")
    clerk.reload()
    assert cell.inner_text().strip() == "重大"

    filters = clerk.locator("#filter_form .filters tr")
    before = filters.count()
    clerk.click("text=添加筛选器")
    clerk.locator(".field-filters a.filter").first.click()
    assert filters.count() == before + 1  # a filter row was added
    assert clerk.url == list_url  # the javascript: placeholder did not navigate

    clerk.locator("input.action-checkbox").first.check()
    dialogs = []
    clerk.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    clerk.click("text=选中的")
    clerk.click("[data-model-action=batch_print]")
    clerk.wait_for_url("**/admin/notices/batch/*", wait_until="domcontentloaded")
    assert dialogs == []  # a row was ticked: no "select at least one record" alert
    assert problems.csp_violations() == []


def test_delete_asks_first_and_keeps_the_row_when_declined(open_session, problems):
    admin = open_session("admin")
    admin.goto("/admin/department/")
    rows = admin.locator("table.model-list tbody tr")
    before = rows.count()
    questions = []

    def decline(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    admin.on("dialog", decline)
    rows.first.locator("button[data-confirm]").click()
    assert len(questions) == 1 and "删除" in questions[0]
    admin.goto("/admin/department/")
    assert rows.count() == before
    assert "删除" not in flash_text(admin)
    assert problems.csp_violations() == []


def test_a_blocked_script_is_reported_to_the_server(open_session, problems, caplog):
    import logging
    import time

    caplog.set_level(logging.WARNING, "panel.csp")
    clerk = open_session("clerk")
    clerk.goto("/admin/complaint/")
    # What an injected script would do: the policy blocks it, and the browser tells the panel.
    clerk.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
    )
    assert clerk.evaluate("() => window.injected") is None
    deadline = time.monotonic() + 10
    reports = []
    while not reports and time.monotonic() < deadline:
        reports = [r.getMessage() for r in caplog.records if r.name == "panel.csp"]
        time.sleep(0.1)
    assert reports and "script-src" in reports[0] and "/admin/complaint/" in reports[0]
    assert problems.csp_violations()  # the browser said so in its console too
    problems.messages.clear()  # expected here; any other problem still fails the test
