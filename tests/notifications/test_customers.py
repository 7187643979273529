"""The complainant's receipt: a text message with the complaint's number, the expected reply
date and the progress lookup's link, sent through the SMS gateway (a real local HTTP server)
when the complaint is registered — to mobiles only, never at night, and only while the routing
line is on. The worker runs in-process here."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from panel.complaints.enums import Status
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.extensions import db
from panel.notifications import delivery
from panel.notifications.enums import Channel, DeliveryStatus, EventKind, Relation
from panel.notifications.models import NotificationDelivery, NotificationRoute
from panel.organisation.models.setting import Setting
from panel.organisation.models.user import Role

from ._helpers import events, user_of
from ._servers import SMS_TOKEN, webhook_server

MONDAY_MORNING = datetime(2026, 12, 7, 10, 0)
MONDAY_NIGHT = datetime(2026, 12, 7, 22, 30)


@pytest.fixture
def gateway(app, monkeypatch):
    with webhook_server() as server:
        for key, value in {
            "NOTIFY_SMS_URL": f"{server.base_url}/sms/ok",
            "NOTIFY_SMS_TOKEN": SMS_TOKEN,
            "NOTIFY_SMS_SUCCESS_FIELD": "code",
            "NOTIFY_SMS_SIGNATURE": "【锦程汽修】",
            "NOTIFY_BASE_URL": "https://panel.example.cn",
        }.items():
            monkeypatch.setitem(app.config, key, value)
        yield server


def texts_to(gateway, phone: str) -> list[str]:
    return [s.json["text"] for s in gateway.seen if s.json and s.json.get("phone") == phone]


def receipts() -> list[NotificationDelivery]:
    db.session.expire_all()
    rows = db.session.scalars(select(NotificationDelivery).filter_by(channel=Channel.SMS))
    return [row for row in rows if row.event.kind is EventKind.CUSTOMER_RECEIPT]


def test_the_complainant_gets_the_number_the_reply_date_and_the_lookup_link(
    make_complaint, gateway, client
):
    with clock.travel_to(MONDAY_MORNING):
        complaint = make_complaint(received_at=MONDAY_MORNING, complainant_phone="13912345678")
        db.session.commit()
    [text] = texts_to(gateway, "13912345678")
    assert text.startswith("【锦程汽修】您的投诉已受理，编号" + complaint.number)
    assert f"{complaint.resolve_due_at:%Y-%m-%d %H:%M}前答复" in text
    link = f"https://panel.example.cn/track?n={complaint.number}"
    assert link in text and "手机号后四位" in text
    assert "/admin" not in text and "张三" not in text  # nothing of the panel, no name in a text
    [row] = receipts()
    assert row.status is DeliveryStatus.DELIVERED and row.recipient_key == f"c{complaint.id}"
    page = client.get(urlsplit(link).path + "?" + urlsplit(link).query).text
    assert f'value="{complaint.number}"' in page  # the link opens the lookup, number filled in


def test_a_receipt_written_at_night_waits_for_the_morning(make_complaint, gateway, app):
    with clock.travel_to(MONDAY_NIGHT):
        make_complaint(received_at=MONDAY_NIGHT)
        db.session.commit()
    [row] = receipts()
    assert row.status is DeliveryStatus.PENDING and row.next_attempt_at == datetime(2026, 12, 8, 8)
    assert texts_to(gateway, "13812345678") == []
    with clock.travel_to(datetime(2026, 12, 8, 7, 59)):
        assert delivery.send_due(db.session, app.config) == []
    with clock.travel_to(datetime(2026, 12, 8, 8, 0)):
        [outcome] = delivery.send_due(db.session, app.config)
    assert outcome.status is DeliveryStatus.DELIVERED
    assert len(texts_to(gateway, "13812345678")) == 1


def test_the_quiet_hours_are_settings(make_complaint, gateway):
    db.session.get(Setting, "notifications.customer_quiet_from").value = "23"  # a row (0018)
    with acting_as(user_of(Role.ADMIN)):
        db.session.commit()
    with clock.travel_to(MONDAY_NIGHT):
        make_complaint(received_at=MONDAY_NIGHT)
        db.session.commit()
    assert len(texts_to(gateway, "13812345678")) == 1  # 22:30 is before 23:00


def test_landlines_and_a_panel_without_a_gateway_write_no_receipt(make_complaint, gateway, app):
    make_complaint(complainant_phone="028-86123456")
    db.session.commit()
    assert events(EventKind.CUSTOMER_RECEIPT) == []
    app.config["NOTIFY_SMS_URL"] = ""
    make_complaint()
    db.session.commit()
    assert events(EventKind.CUSTOMER_RECEIPT) == []
    assert [s for s in gateway.seen if s.path.startswith("/sms")] == []


def test_the_administrator_turns_the_receipt_off_in_the_routing_table(make_complaint, gateway):
    route = db.session.scalar(
        select(NotificationRoute).filter_by(
            event=EventKind.CUSTOMER_RECEIPT, relation=Relation.COMPLAINANT
        )
    )
    assert route.channel is Channel.SMS and route.active  # on by default (migration 0018)
    route.active = False
    with acting_as(user_of(Role.ADMIN)):
        db.session.commit()
    with clock.travel_to(MONDAY_MORNING):
        make_complaint(received_at=MONDAY_MORNING)
        db.session.commit()
    assert texts_to(gateway, "13812345678") == [] and receipts() == []


def test_a_complaint_filed_on_the_public_form_gets_its_receipt(gateway, client):
    from tests.public.test_complain import newest, submit

    with clock.travel_to(MONDAY_MORNING):
        assert submit(client).status_code == 302
    [text] = texts_to(gateway, "13912345678")
    assert newest().number in text and "/track?n=" in text


def test_a_replied_complaint_texts_the_survey_link_and_the_answer_is_the_callback(
    make_complaint, gateway, client
):
    from tests.fixtures.process import advance
    from tests.public.test_survey import answer

    with clock.travel_to(MONDAY_MORNING):
        complaint = advance(make_complaint(received_at=MONDAY_MORNING), Status.REPLIED)
        db.session.commit()
    [receipt, survey] = texts_to(gateway, "13812345678")
    assert "已受理" in receipt
    assert survey.startswith(f"【锦程汽修】您的投诉{complaint.number}已答复，请评价我们的处理：")
    token = re.search(r"https://panel\.example\.cn/survey/([\w-]+)", survey).group(1)
    assert "（30天内有效）" in survey
    with clock.travel_to(datetime(2026, 12, 8, 9, 0)):
        assert answer(client, token, (5, 5, 4, 5)).status_code == 200
    db.session.refresh(complaint)
    assert complaint.status is Status.CALLBACK_DONE and complaint.callbacks[-1].satisfied
    assert client.get(f"/survey/{token}").status_code == 404  # once only


def test_no_survey_text_without_a_public_address(make_complaint, gateway, app):
    from tests.fixtures.process import advance

    app.config["NOTIFY_BASE_URL"] = ""
    with clock.travel_to(MONDAY_MORNING):
        advance(make_complaint(received_at=MONDAY_MORNING), Status.REPLIED)
        db.session.commit()
    [event] = events(EventKind.CUSTOMER_SURVEY)
    assert event.title == "无法生成通知内容"  # written down, sent nowhere: no link to send
    assert [t for t in texts_to(gateway, "13812345678") if "评价" in t] == []
