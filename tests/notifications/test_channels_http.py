"""The group robots and the shared HTTP error handling, against a real ThreadingHTTPServer."""

from __future__ import annotations

import time

import httpx
import pytest

from panel.notifications import DeliveryError
from panel.notifications.channels import (
    DingTalkRobotConfig,
    WeComRobotConfig,
    dingtalk_sign,
    dingtalk_signed_url,
    send_dingtalk,
    send_wecom,
)

from ._sample import TITLE, make_message
from ._servers import (
    DINGTALK_SECRET,
    SLOW_SECONDS,
    free_port,
    webhook_server,
)


@pytest.fixture
def web():
    with webhook_server() as server:
        yield server


# --- 企业微信 ------------------------------------------------------------------------------------


def test_wecom_posts_markdown_with_idempotency_key(web):
    config = WeComRobotConfig(f"{web.base_url}/wecom/cgi-bin/webhook/send?key=good-key")
    send_wecom(make_message("outbox:9:wecom"), config)

    [seen] = web.seen
    assert seen.json == {
        "msgtype": "markdown",
        "markdown": {"content": f"### {TITLE}\n\n{make_message().markdown}\n"},
    }
    assert seen.headers["Idempotency-Key"] == "outbox:9:wecom"


def test_wecom_cuts_long_content_to_4096_bytes(web):
    config = WeComRobotConfig(f"{web.base_url}/wecom/send?key=good-key")
    send_wecom(make_message(markdown="投诉" * 3000), config)  # 18,000 bytes
    content = web.seen[0].json["markdown"]["content"]
    assert len(content.encode()) <= 4096 and content.endswith("…")


@pytest.mark.parametrize(
    ("key", "errcode", "retryable"), [("wrong", 93000, False), ("busy", 45009, True)]
)
def test_wecom_errcode(web, key, errcode, retryable):
    config = WeComRobotConfig(f"{web.base_url}/wecom/send?key={key}")
    with pytest.raises(DeliveryError) as error:
        send_wecom(make_message(), config)
    assert error.value.retryable is retryable
    assert f"errcode {errcode}" in error.value.message
    assert key not in error.value.message  # the webhook key is a secret


# --- 钉钉 ----------------------------------------------------------------------------------------


def dingtalk_config(web, secret: str | None = DINGTALK_SECRET) -> DingTalkRobotConfig:
    return DingTalkRobotConfig(
        f"{web.base_url}/dingtalk/robot/send?access_token=robot-token", secret
    )


def test_dingtalk_signed_markdown_is_accepted(web):
    send_dingtalk(make_message("outbox:10:dingtalk"), dingtalk_config(web))

    [seen] = web.seen
    assert seen.json == {
        "msgtype": "markdown",
        "markdown": {"title": TITLE, "text": f"### {TITLE}\n\n{make_message().markdown}\n"},
    }
    assert seen.headers["Idempotency-Key"] == "outbox:10:dingtalk"
    assert set(seen.query) == {"access_token", "timestamp", "sign"}


def test_dingtalk_sign_matches_the_documented_recipe():
    # DingTalk's documented Python sample, step by step.
    import base64
    import hashlib
    import hmac
    import urllib.parse

    timestamp, secret = 1700000000000, "SECabc"
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert dingtalk_sign(secret, timestamp) == expected
    url = dingtalk_signed_url(
        "https://oapi.dingtalk.com/robot/send?access_token=t", secret, timestamp
    )
    assert url == (
        "https://oapi.dingtalk.com/robot/send?access_token=t"
        f"&timestamp={timestamp}&sign={urllib.parse.quote_plus(expected)}"
    )
    assert dingtalk_signed_url("https://h/robot", secret, timestamp).startswith("https://h/robot?")


@pytest.mark.parametrize(
    ("secret", "clock"),
    [("SECwrong", time.time), (None, time.time), (DINGTALK_SECRET, lambda: time.time() - 7200)],
    ids=["wrong-secret", "unsigned", "stale-timestamp"],
)
def test_dingtalk_refused_signature_is_not_retryable(web, secret, clock):
    with pytest.raises(DeliveryError) as error:
        send_dingtalk(make_message(), dingtalk_config(web, secret), clock=clock)
    assert error.value.retryable is False
    assert "errcode 310000" in error.value.message
    assert "钉钉机器人" in error.value.message


def test_dingtalk_unknown_token_is_not_retryable(web):
    config = DingTalkRobotConfig(f"{web.base_url}/dingtalk/send?access_token=x", DINGTALK_SECRET)
    with pytest.raises(DeliveryError) as error:
        send_dingtalk(make_message(), config)
    assert not error.value.retryable and "300001" in error.value.message


# --- HTTP failures, shared by the robots and the SMS gateway ------------------------------------


@pytest.mark.parametrize(
    ("status", "retryable"),
    [
        (500, True),
        (502, True),
        (503, True),
        (429, True),
        (404, False),
        (400, False),
        (403, False),
        (302, False),
    ],
)
def test_http_status(web, status, retryable):
    with pytest.raises(DeliveryError) as error:
        send_wecom(make_message(), WeComRobotConfig(f"{web.base_url}/status/{status}"))
    assert error.value.retryable is retryable
    assert str(status) in error.value.message


def test_http_timeout_is_retryable(web):
    config = DingTalkRobotConfig(f"{web.base_url}/slow", timeout=0.3)
    started = time.monotonic()
    with pytest.raises(DeliveryError) as error:
        send_dingtalk(make_message(), config)
    assert error.value.retryable and "超时" in error.value.message
    assert time.monotonic() - started < SLOW_SECONDS


def test_http_connection_refused_is_retryable():
    with pytest.raises(DeliveryError) as error:
        send_wecom(make_message(), WeComRobotConfig(f"http://127.0.0.1:{free_port()}/wecom"))
    assert error.value.retryable


def test_http_invalid_url_is_not_retryable():
    with pytest.raises(DeliveryError) as error:
        send_wecom(make_message(), WeComRobotConfig("ftp://example.invalid/robot"))
    assert not error.value.retryable


def test_shared_client_is_used(web):
    config = WeComRobotConfig(f"{web.base_url}/wecom?key=good-key")
    with httpx.Client() as client:
        for n in range(3):
            send_wecom(make_message(f"k{n}"), config, client=client)
    assert [seen.headers["Idempotency-Key"] for seen in web.seen] == ["k0", "k1", "k2"]
