"""Notifications end to end, in headless Chromium, with the real worker process beside the
panel and a local 企业微信 robot: an approval request reaches the service manager's bell and
the group; an urgent complaint at 22:00 on a Saturday reaches the duty manager the routing
table names; a complaint left untouched tells its handler, then its department manager, then
the general manager."""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from panel.complaints import operations as process
from panel.complaints.enums import Category, Channel
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.notifications.scans import scan
from panel.organisation.models.department import Department
from panel.organisation.models.user import User
from tests.browser.steps import choose, flash_text
from tests.notifications._worker import (
    panel_app,
    receiver,
    scratch_database,
    wait_for,
    worker,
    worker_settings,
)

pytestmark = [pytest.mark.browser, pytest.mark.committing]
MONDAY = datetime(2026, 12, 7, 9, 0)


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    """The panel on its own database, served over HTTP, its worker running, a robot listening."""
    folder = tmp_path_factory.mktemp("notify")
    with receiver() as group, scratch_database(folder) as url:
        settings = worker_settings(url, folder, NOTIFY_WECOM_WEBHOOK=group.url)
        with panel_app(settings) as app:
            logging.getLogger("werkzeug").setLevel(logging.WARNING)
            server = make_server("127.0.0.1", 0, app, threaded=True)
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                with worker(settings):
                    yield app, f"http://127.0.0.1:{server.server_port}", group
            finally:
                server.shutdown()
                thread.join()
                server.server_close()


@pytest.fixture
def open_as(browser, panel, problems):
    _app, base, _group = panel
    contexts = []

    def _open(username: str):
        context = browser.new_context(base_url=base, locale="zh-CN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "Demo1234")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    yield _open
    for context in contexts:
        context.close()
    assert problems.messages == [], "\n".join(problems.messages)


def one(model, **where):
    return db.session.scalar(select(model).filter_by(**where).order_by(model.id))


def under_investigation(app, name: str) -> tuple[int, str]:
    """A complaint against 售后服务部, dispatched and assigned to the advisor on Monday 09:00."""
    with app.app_context(), clock.travel_to(MONDAY):
        clerk, sh = one(User, username="clerk"), one(Department, code="SH")
        with acting_as(clerk):
            complaint = Complaint(
                received_at=MONDAY,
                channel=Channel.HOTLINE,
                complainant_name=name,
                complainant_phone="13700001111",
                content="更换机油后发动机故障灯亮",
                category=Category.REPAIR_QUALITY,
                complained_department=sh,
            )
            db.session.add(complaint)
            db.session.flush()
        process.dispatch(db.session, complaint, clerk, sh)
        process.start_investigation(
            db.session, complaint, one(User, username="deptmgr"), one(User, username="advisor")
        )
        found = complaint.id, complaint.number
        db.session.commit()
        db.session.remove()
        return found


def last_saturday_night(app) -> datetime:
    """22:00 on the latest past Saturday that is no make-up working day (调休)."""
    from panel.worktime import store
    from panel.worktime.rules import is_business_time

    now = clock.now()
    moment = (now - timedelta(days=(now.weekday() - 5) % 7 or 7)).replace(
        hour=22, minute=0, second=0
    )
    with app.app_context():
        while is_business_time(moment, store.office(db.session)):
            moment -= timedelta(days=7)
        db.session.remove()
    return moment


def bell_shows(page, text: str, timeout: float = 30) -> str:
    """Reload the inbox until an item with ``text`` arrives (the worker is a process of its
    own); return the bell's count."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.goto("/admin/inbox/")
        if text in page.locator("[data-testid=inbox]").inner_text():
            return page.locator("[data-testid=bell-count]").inner_text()
        time.sleep(0.5)
    raise AssertionError(f"no “{text}” in the inbox")


def test_a_compensation_proposal_reaches_the_service_manager_and_the_wecom_group(panel, open_as):
    app, _base, group = panel
    complaint_id, number = under_investigation(app, "钱多多")
    advisor = open_as("advisor")
    advisor.goto(f"/admin/complaint/details/?id={complaint_id}")
    propose = advisor.locator("form[data-step='propose']")
    propose.locator("select[name=kind]").select_option(value="compensation")
    propose.locator("input[name=amount]").fill("3000")
    propose.locator("textarea[name=description]").fill("补偿误工费三千元")
    propose.locator("button").click()
    assert "服务经理" in advisor.locator("tr[data-remedy]").first.inner_text()

    director = open_as("svcmgr")
    count = bell_shows(director, f"【待审批】投诉 {number}")
    assert int(count) >= 1
    director.click("[data-testid=inbox] button:has-text('【待审批】')")
    director.wait_for_url("**/admin/approval/")
    assert number in director.content()
    messages = wait_for(lambda: [m for m in group.view().values() if number in m and "审批" in m])
    assert "¥3,000.00" in messages[0] and "13700001111" not in messages[0]


def test_an_urgent_complaint_at_22_on_saturday_reaches_the_duty_manager(panel, open_as):
    admin = open_as("admin")  # the routing table names the general manager as duty manager
    admin.goto("/admin/notification_route/new/")
    choose(admin, "event", "非工作时间紧急投诉")
    choose(admin, "channel", "平台内（铃铛）")
    choose(admin, "role", "总经理")
    admin.click("input[type=submit]")
    admin.wait_for_url("**/admin/notification_route/")  # the list, loaded (not half-parsed)
    assert "非工作时间紧急投诉" in admin.locator("table.model-list").inner_text(), flash_text(admin)

    clerk = open_as("clerk")
    clerk.goto("/admin/complaint/new/")
    choose(clerk, "channel", "电话热线")
    clerk.fill("#received_at", f"{last_saturday_night(panel[0]):%Y-%m-%d %H:%M:%S}")
    clerk.fill("#complainant_name", "夜间客户")
    clerk.fill("#complainant_phone", "13600002222")
    clerk.fill("#content", "车辆行驶中冒烟，客户被困路边")
    choose(clerk, "category", "安全")
    choose(clerk, "complained_department", "售后服务部")
    clerk.check("#flag_safety")
    clerk.click("input[type=submit][name=_continue_editing]")
    clerk.wait_for_load_state()
    assert "/admin/complaint/edit/" in clerk.url, flash_text(clerk)
    complaint_id = int(re.search(r"id=(\d+)", clerk.url).group(1))
    app, _base, _group = panel
    with app.app_context():
        complaint = db.session.get(Complaint, complaint_id)
        number, out_of_hours = complaint.number, complaint.out_of_hours
        db.session.remove()
    assert out_of_hours  # 非工作时间受理

    duty = open_as("gm")
    bell_shows(duty, f"【非工作时间紧急投诉】{number}")
    text = duty.locator("[data-testid=inbox]").inner_text()
    assert "13600002222" not in text


def test_an_untouched_complaint_tells_the_handler_then_the_manager_then_the_gm(panel, open_as):
    app, _base, _group = panel
    complaint_id, number = under_investigation(app, "孙未动")
    with app.app_context():
        complaint = db.session.get(Complaint, complaint_id)
        due, escalate = complaint.step_due_at, complaint.escalate_due_at
        db.session.remove()
    for moment in (datetime(2026, 12, 7, 16, 45), due + timedelta(minutes=5)):
        with app.app_context(), clock.travel_to(moment):  # the worker's minute scan, then
            scan(db.session)
            db.session.remove()
    bell_shows(open_as("advisor"), f"【即将超时】投诉 {number}")
    bell_shows(open_as("deptmgr"), f"【已超时】投诉 {number}")
    with app.app_context(), clock.travel_to(escalate + timedelta(minutes=1)):
        scan(db.session)
        db.session.remove()
    bell_shows(open_as("gm"), f"【升级·第3级】投诉 {number}")
