"""The pages: the bell and my notifications, the routing table the administrator edits, the
addresses and the deliveries (administrator only)."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from panel.complaints import operations as process
from panel.core.extensions import db
from panel.notifications.enums import Channel, EventKind
from panel.notifications.models import NotificationRoute
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind
from tests.fixtures.clients import csrf_token
from tests.fixtures.desk import switch_to

from ._helpers import department, user_of


def bell_count(html: str) -> str:
    match = re.search(r'data-testid="bell-count">(\d+)<', html)
    assert match, "no bell on the page"
    return match.group(1)


def approval_for_the_service_manager(make_complaint):
    complaint = make_complaint()
    process.dispatch(db.session, complaint, user_of(Role.CLERK), department("SH"))
    process.start_investigation(
        db.session, complaint, user_of(Role.DEPT_MANAGER), user_of(Role.ADVISOR)
    )
    authority.propose_remedy(
        db.session,
        complaint,
        user_of(Role.ADVISOR),
        RemedyKind.COMPENSATION,
        Decimal("3000"),
        "补偿误工费",
    )
    db.session.commit()
    return complaint


def test_the_bell_counts_and_opening_a_notification_marks_it_read(login_as, make_complaint):
    complaint = approval_for_the_service_manager(make_complaint)
    client = login_as(Role.SERVICE_MANAGER)
    home = client.get("/admin/").text
    unread = int(bell_count(home))
    assert unread >= 1
    assert client.get("/notifications/unread").json == {"unread": unread}
    inbox = client.get("/admin/inbox/").text
    assert f"【待审批】投诉 {complaint.number} 的处理方案待服务经理/客服总监审批" in inbox
    [form] = [f for f in inbox.split("<form")[1:] if "【待审批】" in f]
    item = re.search(r'action="(/admin/inbox/\d+/open)"', form)
    opened = client.post(item.group(1), data={"csrf_token": csrf_token(inbox)})
    assert opened.status_code == 302 and opened.location.endswith("/admin/approval/")
    assert int(bell_count(client.get("/admin/").text)) == unread - 1
    page = client.get("/admin/inbox/").text
    client.post("/admin/inbox/read-all", data={"csrf_token": csrf_token(page)})
    assert bell_count(client.get("/admin/").text) == "0"


def test_nobody_opens_another_users_notification(login_as, make_complaint):
    approval_for_the_service_manager(make_complaint)
    client = login_as(Role.SERVICE_MANAGER)
    inbox = client.get("/admin/inbox/").text
    url = re.search(r'action="(/admin/inbox/\d+/open)"', inbox).group(1)
    switch_to(client, Role.GENERAL_MANAGER)
    page = client.get("/admin/inbox/").text
    assert client.post(url, data={"csrf_token": csrf_token(page)}).location == "/admin/inbox/"
    switch_to(client, Role.SERVICE_MANAGER)
    assert bell_count(client.get("/admin/").text) != "0"  # still unread


def test_the_administrator_names_the_duty_manager_in_the_routing_table(login_as):
    client = login_as(Role.ADMIN)
    form = client.get("/admin/notification_route/new/").text
    assert "与投诉的关系" in form
    duty = user_of(Role.GENERAL_MANAGER)
    response = client.post(
        "/admin/notification_route/new/",
        data={
            "csrf_token": csrf_token(form),
            "event": "out_of_hours_registered",
            "channel": "panel",
            "user": str(duty.id),
            "active": "y",
        },
    )
    assert response.status_code == 302
    route = db.session.scalar(select(NotificationRoute).filter_by(user_id=duty.id))
    assert route.event is EventKind.OUT_OF_HOURS_REGISTERED and route.channel is Channel.PANEL
    listing = client.get("/admin/notification_route/").text
    assert "非工作时间紧急投诉" in listing


def test_managers_read_the_routing_table_and_only_the_administrator_sees_deliveries(login_as):
    client = login_as(Role.GENERAL_MANAGER)
    assert "升级：第三级" in client.get("/admin/notification_route/").text
    assert client.get("/admin/notification_route/new/").status_code == 403
    assert client.get("/admin/notification_delivery/").status_code == 403
    assert client.get("/admin/notification_address/").status_code == 403
    switch_to(client, Role.ADVISOR)
    assert client.get("/admin/notification_route/").status_code == 403
    assert client.get("/admin/inbox/").status_code == 200
