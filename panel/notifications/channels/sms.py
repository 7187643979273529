"""SMS through a configurable HTTP gateway (an in-house relay or a provider's HTTP API).

The gateway gets a POST (JSON or form) with the phone number and the text, a token header and an
``Idempotency-Key`` header. Success is HTTP 2xx and, when ``success_field`` is set, that field of
the JSON answer (a dotted path such as ``result.code``) holding one of ``success_values``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from panel.notifications.channels import _http
from panel.notifications.message import DeliveryError, Message

SMS = "短信网关"
_PHONE = re.compile(r"\+?\d{5,20}")


@dataclass(frozen=True)
class SmsGatewayConfig:
    """Where and how to post an SMS.

    ``token`` goes in ``token_header`` as ``token_prefix + token`` (e.g. ``Authorization`` and
    ``"Bearer "``). ``extra_fields`` are sent as they are (sign name, template code…).
    ``idempotency_field`` also puts the idempotency key in the body, for gateways that
    deduplicate on a body field (an ``outId``). ``signature`` (e.g. ``【某某汽修】``) is put
    before the text. ``retryable_values`` are values of ``success_field`` meaning "busy, try
    later" (a rate limit); any other unexpected value is a permanent refusal.
    """

    url: str
    token: str = ""
    token_header: str = "Authorization"
    token_prefix: str = ""
    body_format: Literal["json", "form"] = "json"
    phone_field: str = "phone"
    text_field: str = "text"
    idempotency_field: str | None = None
    extra_fields: Mapping[str, str] = field(default_factory=dict)
    signature: str = ""
    success_field: str | None = None
    success_values: tuple[str, ...] = ("0", "OK")
    retryable_values: tuple[str, ...] = ()
    timeout: float = 10.0

    def __post_init__(self) -> None:
        if self.body_format not in ("json", "form"):
            raise ValueError(f"body_format must be 'json' or 'form', not {self.body_format!r}")


def sms_text(message: Message, config: SmsGatewayConfig) -> str:
    """The text sent: signature, then the message's short text (or its plain text)."""
    return config.signature + (message.short_text or message.text).strip()


def sms_body(message: Message, config: SmsGatewayConfig, phone: str) -> dict[str, str]:
    """The fields posted to the gateway."""
    body = dict(config.extra_fields)
    body[config.phone_field] = phone
    body[config.text_field] = sms_text(message, config)
    if config.idempotency_field:
        body[config.idempotency_field] = message.idempotency_key
    return body


def send_sms(
    message: Message,
    config: SmsGatewayConfig,
    phone: str,
    *,
    client: httpx.Client | None = None,
) -> None:
    """Send ``message`` by SMS to ``phone``; raise :class:`DeliveryError` on failure.

    The phone number is never repeated in an error message.
    """
    phone = re.sub(r"[\s-]", "", phone)
    if not _PHONE.fullmatch(phone):
        raise DeliveryError("手机号码格式无效，短信未发送", retryable=False)
    body = sms_body(message, config, phone)
    headers = {config.token_header: config.token_prefix + config.token} if config.token else {}
    response = _http.post(
        config.url,
        channel=SMS,
        json=body if config.body_format == "json" else None,
        data=body if config.body_format == "form" else None,
        headers=headers,
        idempotency_key=message.idempotency_key,
        timeout=config.timeout,
        client=client,
    )
    if config.success_field:
        _check_success_field(_http.json_object(response, SMS), config)


def _check_success_field(body: dict[str, Any], config: SmsGatewayConfig) -> None:
    value: Any = body
    for part in config.success_field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        raise DeliveryError(
            f"{SMS}的应答缺少字段 {config.success_field}，无法确认是否送达", retryable=False
        )
    text = _normalise(value)
    if text in {_normalise(v) for v in config.success_values}:
        return
    retryable = text in {_normalise(v) for v in config.retryable_values}
    hint = "，稍后重试" if retryable else ""
    raise DeliveryError(
        f"{SMS}拒绝了短信（{config.success_field} = {text[:60]}）{hint}", retryable=retryable
    )


def _normalise(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
