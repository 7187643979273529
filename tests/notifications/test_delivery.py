"""From the outbox to real receivers: the 企业微信 and 钉钉 robots (signature checked) and the
SMS gateway on a local HTTP server, e-mail with the summary PDF on a local SMTP server; retries
with backoff, failures the administrator sees and retries. The worker runs in-process here."""

from __future__ import annotations

import email
from datetime import date, datetime, timedelta
from decimal import Decimal
from email import policy

import pytest
from sqlalchemy import select

from panel.complaints import operations as process
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.notifications import delivery, inbox
from panel.notifications.enums import Channel, DeliveryStatus, EventKind
from panel.notifications.models import (
    NotificationAddress,
    NotificationAttempt,
    NotificationDelivery,
)
from panel.organisation.models.user import Role
from panel.remedies import rules as authority
from panel.remedies.models import RemedyKind

from ._helpers import department, events, user_of
from ._servers import DINGTALK_SECRET, SMS_TOKEN, SmtpSink, smtp_server, webhook_server

MONDAY_MORNING = datetime(2026, 12, 7, 10, 0)


@pytest.fixture
def web(app, monkeypatch):
    with webhook_server() as server:
        channels = {
            "NOTIFY_WECOM_WEBHOOK": f"{server.base_url}/wecom/cgi-bin/webhook/send?key=good-key",
            "NOTIFY_DINGTALK_WEBHOOK": f"{server.base_url}/dingtalk/robot/send?access_token"
            "=robot-token",
            "NOTIFY_DINGTALK_SECRET": DINGTALK_SECRET,
            "NOTIFY_SMS_URL": f"{server.base_url}/sms/ok",
            "NOTIFY_SMS_TOKEN": SMS_TOKEN,
            "NOTIFY_SMS_SUCCESS_FIELD": "code",
            "NOTIFY_BASE_URL": "https://panel.example.cn",
        }
        for key, value in channels.items():
            monkeypatch.setitem(app.config, key, value)
        yield server


def channel_rows(channel: Channel, kind=EventKind.APPROVAL_REQUESTED) -> list:
    db.session.expire_all()
    rows = db.session.scalars(select(NotificationDelivery).filter_by(channel=channel))
    return [row for row in rows if kind is None or row.event.kind is kind]


def approval_posts(web) -> list:
    """The approval requests the 企业微信 group received (a compensation also makes the
    complaint major: its tier-2 escalation goes to the group as well)."""
    return [s for s in web.seen if s.path.startswith("/wecom") and "审批" in str(s.json)]


def propose_3000(make_complaint):
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
    db.session.commit()  # the commit wakes the worker
    return complaint


def test_the_wecom_group_gets_the_approval_request_once(make_complaint, web):
    complaint = propose_3000(make_complaint)
    [post] = approval_posts(web)
    content = post.json["markdown"]["content"]
    assert post.json["msgtype"] == "markdown"
    assert complaint.number in content and "服务经理" in content and "¥3,000.00" in content
    assert "https://panel.example.cn/admin/approval/" in content
    [row] = channel_rows(Channel.WECOM)
    assert row.status is DeliveryStatus.DELIVERED and row.attempts == 1
    assert post.headers["Idempotency-Key"] == row.idempotency_key


def test_dingtalk_signed_and_sms_to_the_duty_manager(make_complaint, web):
    db.session.add(NotificationAddress(user=user_of(Role.SERVICE_MANAGER), mobile="13900001111"))
    with acting_as(user_of(Role.ADMIN)):
        db.session.flush()
    with clock.travel_to(MONDAY_MORNING):
        complaint = make_complaint(received_at=MONDAY_MORNING, flag_safety=True)
        db.session.commit()
    [ding] = [s for s in web.seen if s.path.startswith("/dingtalk")]
    assert ding.query["sign"] and complaint.number in ding.json["markdown"]["text"]
    statuses = [r.status for r in channel_rows(Channel.DINGTALK, EventKind.URGENT_REGISTERED)]
    assert statuses == [DeliveryStatus.DELIVERED]
    sms = [s for s in web.seen if s.path.startswith("/sms")]
    to_staff = [s for s in sms if s.json["phone"] != "13812345678"]  # the other: their receipt
    assert [s.json["phone"] for s in to_staff] == ["13900001111"]
    assert "13812345678" not in to_staff[0].json["text"]  # the customer's number stays inside


def test_a_busy_robot_is_retried_with_backoff_and_the_same_key(make_complaint, web, app):
    app.config["NOTIFY_WECOM_WEBHOOK"] = f"{web.base_url}/wecom/send?key=busy"
    propose_3000(make_complaint)
    [row] = channel_rows(Channel.WECOM)
    assert row.status is DeliveryStatus.PENDING and row.attempts == 1
    assert row.next_attempt_at >= clock.now() + timedelta(seconds=29)
    assert "稍后重试" in row.last_error
    app.config["NOTIFY_WECOM_WEBHOOK"] = f"{web.base_url}/wecom/send?key=good-key"
    assert delivery.send_due(db.session, app.config) == []  # not due yet
    with clock.travel_to(row.next_attempt_at + timedelta(seconds=1)):
        outcomes = delivery.send_due(db.session, app.config)
    assert {o.status for o in outcomes} == {DeliveryStatus.DELIVERED}
    assert row.id in {o.delivery_id for o in outcomes}
    keys = {s.headers["Idempotency-Key"] for s in approval_posts(web)}
    assert keys == {row.idempotency_key}
    attempts = db.session.scalars(select(NotificationAttempt).filter_by(delivery_id=row.id))
    assert [a.ok for a in attempts] == [False, True]


def test_a_refused_message_fails_visibly_and_the_administrator_retries_it(
    make_complaint, web, app, login_as
):
    app.config["NOTIFY_WECOM_WEBHOOK"] = f"{web.base_url}/wecom/send?key=revoked"
    propose_3000(make_complaint)
    [row] = channel_rows(Channel.WECOM)
    assert row.status is DeliveryStatus.FAILED and "93000" in row.last_error
    client = login_as(Role.ADMIN)
    page = client.get("/admin/notification_delivery/").text
    assert "93000" in page and "失败" in page
    app.config["NOTIFY_WECOM_WEBHOOK"] = f"{web.base_url}/wecom/send?key=good-key"
    assert inbox.retry_failed(db.session, [row.id]) == [row.id]
    db.session.commit()
    inbox.wake_deliveries([row.id])
    [row] = channel_rows(Channel.WECOM)
    assert row.status is DeliveryStatus.DELIVERED


def test_the_weekly_summary_mails_the_pdf_to_the_general_manager(app, monkeypatch):
    from panel.notifications.summaries import send_summary

    gm = user_of(Role.GENERAL_MANAGER)
    db.session.add(NotificationAddress(user=gm, email="gm@panel.example.cn"))
    with acting_as(user_of(Role.ADMIN)):
        db.session.commit()  # the summary job works in transactions of its own
    sink = SmtpSink()
    with smtp_server(sink) as port:
        for key, value in {
            "NOTIFY_SMTP_HOST": "127.0.0.1",
            "NOTIFY_SMTP_PORT": port,
            "NOTIFY_SMTP_SECURITY": "none",
            "NOTIFY_SMTP_FROM": "noreply@panel.example.cn",
        }.items():
            monkeypatch.setitem(app.config, key, value)
        assert send_summary(db.session, "week", date(2026, 12, 8)) is not None
        assert send_summary(db.session, "week", date(2026, 12, 8)) is None  # once per week
    [envelope] = sink.envelopes
    assert envelope.rcpt_tos == ["gm@panel.example.cn"]
    mail = email.message_from_bytes(envelope.content, policy=policy.default)
    assert mail["Subject"].startswith("【投诉周报】2026-W49")
    [pdf] = list(mail.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF")
    [event] = events(EventKind.WEEKLY_SUMMARY)
    assert pdf.get_filename() == event.attachment_name
