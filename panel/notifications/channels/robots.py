"""Group robots: 企业微信 (WeCom) and 钉钉 (DingTalk) custom-robot webhooks.

Both answer HTTP 200 with ``{"errcode": 0, "errmsg": "ok"}`` on success; any other errcode is a
refusal, retryable only for the busy and rate-limit codes (a robot takes 20 messages a minute).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from panel.notifications.channels import _http
from panel.notifications.message import DeliveryError, Message

WECOM = "企业微信机器人"
DINGTALK = "钉钉机器人"
#: -1 system busy, 45009 rate limit exceeded, 45033 too many concurrent calls.
WECOM_RETRYABLE_ERRCODES = frozenset({-1, 45009, 45033})
#: -1 system busy, 130101 and 410100 sending too fast (rate limited).
DINGTALK_RETRYABLE_ERRCODES = frozenset({-1, 130101, 410100})
#: WeCom refuses markdown content above 4096 bytes of UTF-8.
WECOM_MARKDOWN_MAX_BYTES = 4096


@dataclass(frozen=True)
class WeComRobotConfig:
    """A WeCom group robot: its full webhook URL (``…/cgi-bin/webhook/send?key=…``)."""

    webhook_url: str
    timeout: float = 10.0
    retryable_errcodes: frozenset[int] = WECOM_RETRYABLE_ERRCODES


@dataclass(frozen=True)
class DingTalkRobotConfig:
    """A DingTalk group robot: webhook URL (``…/robot/send?access_token=…``), optional signing
    secret (``SEC…``, the robot's 加签 security setting)."""

    webhook_url: str
    secret: str | None = None
    timeout: float = 10.0
    retryable_errcodes: frozenset[int] = DINGTALK_RETRYABLE_ERRCODES


def robot_markdown(message: Message) -> str:
    """The markdown a robot posts: the title as a heading, then the body."""
    return f"### {message.title}\n\n{message.markdown}".rstrip() + "\n"


def wecom_payload(message: Message) -> dict[str, Any]:
    """The WeCom markdown payload, cut to the 4096-byte limit if needed."""
    content = _truncate_utf8(robot_markdown(message), WECOM_MARKDOWN_MAX_BYTES)
    return {"msgtype": "markdown", "markdown": {"content": content}}


def send_wecom(
    message: Message, config: WeComRobotConfig, *, client: httpx.Client | None = None
) -> None:
    """Post ``message`` to a WeCom group robot; raise :class:`DeliveryError` on failure."""
    response = _http.post(
        config.webhook_url,
        channel=WECOM,
        json=wecom_payload(message),
        idempotency_key=message.idempotency_key,
        timeout=config.timeout,
        client=client,
    )
    check_errcode(_http.json_object(response, WECOM), WECOM, config.retryable_errcodes)


def dingtalk_payload(message: Message) -> dict[str, Any]:
    """The DingTalk markdown payload (``title`` shows in the chat list, ``text`` in the chat)."""
    return {
        "msgtype": "markdown",
        "markdown": {"title": message.title, "text": robot_markdown(message)},
    }


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: base64 of HMAC-SHA256 keyed by the secret over
    ``f"{timestamp}\\n{secret}"`` (not yet URL-encoded)."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """``url`` with ``timestamp`` and the URL-encoded ``sign`` appended, as DingTalk documents."""
    sign = urllib.parse.quote_plus(dingtalk_sign(secret, timestamp_ms))
    separator = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


def send_dingtalk(
    message: Message,
    config: DingTalkRobotConfig,
    *,
    client: httpx.Client | None = None,
    clock: Callable[[], float] = time.time,
) -> None:
    """Post ``message`` to a DingTalk group robot, signing the URL when a secret is configured
    (DingTalk refuses a timestamp more than an hour off); raise :class:`DeliveryError`."""
    url = config.webhook_url
    if config.secret:
        url = dingtalk_signed_url(url, config.secret, int(round(clock() * 1000)))
    response = _http.post(
        url,
        channel=DINGTALK,
        json=dingtalk_payload(message),
        idempotency_key=message.idempotency_key,
        timeout=config.timeout,
        client=client,
    )
    check_errcode(_http.json_object(response, DINGTALK), DINGTALK, config.retryable_errcodes)


def check_errcode(body: dict[str, Any], channel: str, retryable: frozenset[int]) -> None:
    """Raise unless the robot answered ``errcode`` 0."""
    errcode = body.get("errcode")
    if errcode == 0:
        return
    if not isinstance(errcode, int):
        raise DeliveryError(f"{channel}的应答缺少 errcode，无法确认是否送达", retryable=False)
    errmsg = str(body.get("errmsg", ""))[:200]
    hint = "，稍后重试" if errcode in retryable else ""
    raise DeliveryError(
        f"{channel}拒绝了消息（errcode {errcode}：{errmsg}）{hint}", retryable=errcode in retryable
    )


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    ellipsis = "…"
    cut = encoded[: max_bytes - len(ellipsis.encode())].decode("utf-8", errors="ignore")
    return cut + ellipsis
