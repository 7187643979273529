"""Each role's queues hold the right complaints; the landing page counts them and links there."""

import re
from decimal import Decimal

import pytest

from panel.complaints import operations as process
from panel.complaints import queues
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.user import Role
from panel.remedies.models import RemedyKind
from tests.fixtures.desk import advance, investigating_elsewhere, propose
from tests.fixtures.people import user_of


def numbers(html: str) -> set[str]:
    return set(re.findall(r"TS-\d{8}-\d{4}", html))


def queue_page(client, name: str) -> str:
    home = client.get("/admin/").text
    link = re.search(rf'href="([^"]+)" data-queue="{name}"', home)
    assert link, f"no {name} card"
    return client.get(link.group(1).replace("&amp;", "&")).text


def count_on(home: str, name: str) -> int:
    return int(re.search(rf'data-testid="count-{name}">(\d+)<', home).group(1))


# Working time (panel.worktime) adds the duty manager's urgent out-of-hours queue, "due within
# 2 working hours" apart from "overdue", and the replies owed to a regulator.
EXPECTED_CARDS = {
    Role.CLERK: [
        "mine",
        "duty",
        "due_today",
        "due_soon",
        "overdue",
        "pending",
        "regulator",
        "open",
    ],
    Role.ADVISOR: [
        "mine",
        "department",
        "due_today",
        "due_soon",
        "overdue",
        "pending",
        "regulator",
        "open",
    ],
    Role.DEPT_MANAGER: [
        "approval",
        "mine",
        "department",
        "duty",
        "due_today",
        "due_soon",
        "overdue",
        "pending",
        "regulator",
        "open",
    ],
    Role.SERVICE_MANAGER: [
        "approval",
        "mine",
        "duty",
        "due_today",
        "due_soon",
        "overdue",
        "escalated",
        "pending",
        "regulator",
        "open",
    ],
    Role.GENERAL_MANAGER: [
        "approval",
        "mine",
        "duty",
        "due_today",
        "due_soon",
        "overdue",
        "escalated",
        "pending",
        "regulator",
        "open",
    ],
    Role.AUDITOR: ["due_today", "due_soon", "overdue", "escalated", "pending", "regulator", "open"],
    Role.ADMIN: ["open"],
}


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_gets_its_own_cards(login_as, role):
    home = login_as(role).get("/admin/").text
    assert re.findall(r'data-queue="(\w+)"', home) == EXPECTED_CARDS[role]
    if role is Role.ADMIN:
        assert "用户" in home and "data-admin-card" in home


def test_clerk_work_is_what_the_front_desk_does_next(login_as, make_complaint, ours, theirs):
    replied = advance(make_complaint(), Status.REPLIED)
    investigating = advance(make_complaint(), Status.INVESTIGATING)
    db.session.commit()
    page = queue_page(login_as(Role.CLERK), "mine")
    assert {ours.number, theirs.number, replied.number} <= numbers(page)
    assert investigating.number not in numbers(page)


def test_advisor_work_is_what_they_handle_and_department_is_sh_only(
    login_as, make_complaint, ours, theirs
):
    handled = advance(make_complaint(), Status.INVESTIGATING)
    db.session.commit()
    client = login_as(Role.ADVISOR)
    assert numbers(queue_page(client, "mine")) == {handled.number}
    department = numbers(queue_page(client, "department"))
    assert {ours.number, handled.number} <= department and theirs.number not in department


def test_overdue_and_due_today_follow_the_step_deadline(login_as, ours, theirs):
    late = db.session.get(Complaint, ours.id)
    assert late.step_due_at is not None  # 30 minutes to dispatch
    with clock.travel_to(late.step_due_at + _minutes(45)):
        client = login_as(Role.SERVICE_MANAGER)
        home = client.get("/admin/").text
        assert count_on(home, "overdue") == 2
        assert numbers(queue_page(client, "overdue")) == {ours.number, theirs.number}
        assert ours.number in numbers(queue_page(client, "escalated"))


def _minutes(n):
    from datetime import timedelta

    return timedelta(minutes=n)


def test_overdue_counts_are_scoped_for_department_roles(login_as, ours, theirs):
    with clock.travel_to(ours.step_due_at + _minutes(45)):
        client = login_as(Role.DEPT_MANAGER)
        assert count_on(client.get("/admin/").text, "overdue") == 1
        assert numbers(queue_page(client, "overdue")) == {ours.number}


def test_pending_ledger_lists_the_parked_complaints_with_reason(login_as, make_complaint):
    parked = advance(make_complaint(), Status.INVESTIGATING)
    process.move(
        db.session, parked, Status.PENDING_CUSTOMER, user_of(Role.ADVISOR), reason="客户电话关机"
    )
    db.session.commit()
    page = login_as(Role.AUDITOR).get("/admin/ledger/").text
    assert parked.number in page and "客户电话关机" in page and "调查中" in page


# --- awaiting my approval ---------------------------------------------------------------------


@pytest.fixture
def proposals(make_complaint, theirs):
    """SH: ¥1,500 compensation (department manager's level) and ¥5,000 (service manager's);
    XS: ¥800 compensation."""
    small = advance(make_complaint(), Status.INVESTIGATING)
    large = advance(make_complaint(), Status.INVESTIGATING)
    elsewhere = investigating_elsewhere(theirs)
    result = {
        "small": propose(small, amount="1500"),
        "large": propose(large, amount="5000"),
        "elsewhere": propose(elsewhere, amount="800", by=Role.GENERAL_MANAGER),
    }
    db.session.commit()
    return result


def awaiting(role):
    return {r.id for r in queues.remedies_awaiting(db.session, user_of(role))}


def test_approval_queue_follows_rung_limit_scope_and_proposer(proposals):
    small, large, elsewhere = proposals["small"], proposals["large"], proposals["elsewhere"]
    assert awaiting(Role.DEPT_MANAGER) == {small.id}
    assert awaiting(Role.SERVICE_MANAGER) == {small.id, large.id, elsewhere.id}
    # the general manager proposed the XS remedy: someone else decides it
    assert awaiting(Role.GENERAL_MANAGER) == {small.id, large.id}
    for role in (Role.CLERK, Role.ADVISOR, Role.AUDITOR, Role.ADMIN):
        assert awaiting(role) == set()


def test_nobody_decides_on_a_complaint_about_themselves(make_complaint):
    manager = user_of(Role.DEPT_MANAGER)
    about_me = advance(make_complaint(complained_staff=manager.staff), Status.DISPATCHED)
    process.start_investigation(
        db.session, about_me, user_of(Role.SERVICE_MANAGER), user_of(Role.ADVISOR)
    )
    remedy = propose(about_me, kind=RemedyKind.FEE_WAIVER, amount="1200")
    assert remedy.id not in awaiting(Role.DEPT_MANAGER)
    assert remedy.id in awaiting(Role.SERVICE_MANAGER)


def test_replies_whose_remedies_are_decided_wait_for_a_manager(make_complaint):
    ready = advance(make_complaint(), Status.AWAITING_APPROVAL)  # an apology within the limit
    items = queues.approval_items(db.session, user_of(Role.DEPT_MANAGER))
    assert [(i.complaint.id, i.reply_ready) for i in items] == [(ready.id, True)]
    assert queues.approval_items(db.session, user_of(Role.ADVISOR)) == []


def test_landing_approval_count_links_to_the_approval_list(login_as, proposals):
    client = login_as(Role.DEPT_MANAGER)
    home = client.get("/admin/").text
    assert count_on(home, "approval") == 1
    page = queue_page(client, "approval")
    assert numbers(page) == {proposals["small"].complaint.number}
    assert "¥1,500.00" in page


def test_queue_filter_for_a_queue_not_of_the_role_is_empty(login_as, proposals):
    from panel.complaints.landing import complaint_view

    index = next(
        i for i, f in enumerate(complaint_view()._filters) if isinstance(f, queues.QueueFilter)
    )
    page = login_as(Role.ADVISOR).get(f"/admin/complaint/?flt1_{index}=escalated").text
    assert numbers(page) == set()
    assert Decimal("5000") == proposals["large"].amount


def test_the_status_table_links_to_the_list_of_that_status(login_as, make_complaint, ours):
    replied = advance(make_complaint(), Status.REPLIED)
    db.session.commit()
    client = login_as(Role.CLERK)
    home = client.get("/admin/").text
    link = re.search(r'<a href="([^"]+)">已答复</a>', home).group(1).replace("&amp;", "&")
    assert numbers(client.get(link).text) == {replied.number}
