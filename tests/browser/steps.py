"""What a user does in the panel, as Playwright steps shared by the end-to-end tests."""

from __future__ import annotations

import re


def choose(page, field_id: str, label: str) -> None:
    """Pick ``label`` in a select2 drop-down, the way a user does."""
    page.click(f"#s2id_{field_id} a.select2-choice")
    page.click(f".select2-drop-active .select2-result-label:text-is('{label}')")
    assert page.locator(f"#s2id_{field_id} .select2-chosen").inner_text() == label


def flash_text(page) -> str:
    return " ".join(page.locator(".alert").all_inner_texts())


def register_complaint(
    page, name: str = "欧阳娜", phone: str = "13912345678", plate: str = "川A7B2C9"
) -> int:
    """The clerk fills in the registration form; returns the new complaint's id.

    (A second complaint with the same phone or plate is a repeat, hence major: give each
    test its own.)"""
    page.goto("/admin/complaint/new/")
    choose(page, "channel", "电话热线")
    page.fill("#complainant_name", name)
    page.fill("#complainant_phone", phone)
    page.fill("#plate_number", plate)
    page.fill("#content", "保养后变速箱异响，返修两次未解决")
    page.fill("#customer_demand", "赔偿误工费")
    choose(page, "category", "维修质量")
    choose(page, "complained_department", "售后服务部")
    page.click("input[type=submit][name=_continue_editing]")
    page.wait_for_load_state()
    assert "/admin/complaint/edit/" in page.url, flash_text(page) or page.content()
    return int(re.search(r"id=(\d+)", page.url).group(1))
