"""The SMS gateway channel, and ``deliver()``, against real local servers."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from panel.notifications import DeliveryError
from panel.notifications.channels import (
    DingTalkRobotConfig,
    SmsGatewayConfig,
    SmtpConfig,
    WeComRobotConfig,
    deliver,
    send_sms,
)

from ._sample import make_message
from ._servers import (
    DINGTALK_SECRET,
    SMS_TOKEN,
    SmtpSink,
    smtp_server,
    webhook_server,
)


@pytest.fixture
def sink():
    return SmtpSink()


@pytest.fixture
def web():
    with webhook_server() as server:
        yield server


# --- SMS gateway ---------------------------------------------------------------------------------


def sms_config(web, answer: str = "ok", **changes) -> SmsGatewayConfig:
    fields = {
        "url": f"{web.base_url}/sms/{answer}",
        "token": SMS_TOKEN,
        "token_prefix": "Bearer ",
        "success_field": "code",
        "signature": "【锦程汽修】",
    }
    return SmsGatewayConfig(**{**fields, **changes})


def test_sms_json_body_token_and_idempotency(web):
    config = sms_config(web, extra_fields={"sign_name": "锦程汽修"}, idempotency_field="out_id")
    send_sms(make_message("outbox:11:sms"), config, "138-1234-5678")

    [seen] = web.seen
    assert seen.headers["Authorization"] == f"Bearer {SMS_TOKEN}"
    assert seen.headers["Idempotency-Key"] == "outbox:11:sms"
    assert seen.json == {
        "sign_name": "锦程汽修",
        "phone": "13812345678",
        "text": "【锦程汽修】投诉周报已发送，详情见邮件",
        "out_id": "outbox:11:sms",
    }


def test_sms_form_body_and_nested_success_field(web):
    config = sms_config(
        web,
        "nested",
        body_format="form",
        phone_field="mobile",
        text_field="content",
        success_field="result.status",
    )
    send_sms(make_message(short_text=""), config, "+8613812345678")
    [seen] = web.seen
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = {key: values[0] for key, values in parse_qs(seen.body.decode()).items()}
    assert form["mobile"] == "+8613812345678"
    assert form["content"] == "【锦程汽修】" + make_message().text.strip()


@pytest.mark.parametrize(
    ("answer", "changes", "retryable"),
    [
        ("refuse", {}, False),
        ("busy", {"retryable_values": ("RATE",)}, True),
        ("html", {}, False),
        ("missing", {}, False),
        ("ok", {"token": "wrong"}, False),
    ],
    ids=["refused", "rate-limited", "not-json", "no-code", "bad-token"],
)
def test_sms_gateway_refusals(web, answer, changes, retryable):
    with pytest.raises(DeliveryError) as error:
        send_sms(make_message(), sms_config(web, answer, **changes), "13812345678")
    assert error.value.retryable is retryable
    assert "13812345678" not in error.value.message


def test_sms_gateway_500_is_retryable(web):
    with pytest.raises(DeliveryError) as error:
        send_sms(make_message(), sms_config(web, url=f"{web.base_url}/status/500"), "13812345678")
    assert error.value.retryable and "500" in error.value.message


def test_sms_gateway_timeout_is_retryable(web):
    config = sms_config(web, url=f"{web.base_url}/slow", timeout=0.3, success_field=None)
    with pytest.raises(DeliveryError) as error:
        send_sms(make_message(), config, "13812345678")
    assert error.value.retryable


def test_sms_invalid_phone_is_not_sent(web):
    with pytest.raises(DeliveryError) as error:
        send_sms(make_message(), sms_config(web), "call me")
    assert not error.value.retryable and web.seen == []


# --- deliver() ----------------------------------------------------------------------------------


def test_deliver_dispatches_on_the_config_type(web, sink):
    with smtp_server(sink) as port:
        deliver(
            make_message(), SmtpConfig("127.0.0.1", "n@x.cn", port=port, security="none"), "a@x.cn"
        )
    deliver(make_message(), WeComRobotConfig(f"{web.base_url}/wecom?key=good-key"))
    deliver(
        make_message(),
        DingTalkRobotConfig(f"{web.base_url}/dingtalk?access_token=robot-token", DINGTALK_SECRET),
    )
    deliver(make_message(), sms_config(web), "13812345678")
    assert len(sink.envelopes) == 1
    assert [seen.path.split("/")[1] for seen in web.seen] == ["wecom", "dingtalk", "sms"]
    with pytest.raises(DeliveryError):
        deliver(make_message(), sms_config(web))  # no phone number
