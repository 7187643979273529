"""Delivery channels: one function and one plain config dataclass per channel.

=============  ======================  ==========================================
channel        config                  function
=============  ======================  ==========================================
e-mail         :class:`SmtpConfig`         ``send_email(message, config, to)``
企业微信机器人  :class:`WeComRobotConfig`   ``send_wecom(message, config)``
钉钉机器人      :class:`DingTalkRobotConfig` ``send_dingtalk(message, config)``
SMS            :class:`SmsGatewayConfig`   ``send_sms(message, config, phone)``
=============  ======================  ==========================================

:func:`deliver` picks the function from the config's type. Every function returns on success
and raises :class:`~panel.notifications.message.DeliveryError` otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from panel.notifications.channels.mail import SmtpConfig, build_email, message_id, send_email
from panel.notifications.channels.robots import (
    DingTalkRobotConfig,
    WeComRobotConfig,
    dingtalk_sign,
    dingtalk_signed_url,
    send_dingtalk,
    send_wecom,
)
from panel.notifications.channels.sms import SmsGatewayConfig, send_sms
from panel.notifications.message import DeliveryError, Message

ChannelConfig = SmtpConfig | WeComRobotConfig | DingTalkRobotConfig | SmsGatewayConfig

__all__ = [
    "ChannelConfig",
    "DingTalkRobotConfig",
    "SmsGatewayConfig",
    "SmtpConfig",
    "WeComRobotConfig",
    "build_email",
    "deliver",
    "dingtalk_sign",
    "dingtalk_signed_url",
    "message_id",
    "send_dingtalk",
    "send_email",
    "send_sms",
    "send_wecom",
]


def deliver(
    message: Message,
    config: ChannelConfig,
    recipient: str | Sequence[str] | None = None,
    *,
    client: httpx.Client | None = None,
) -> None:
    """Send ``message`` through the channel that ``config`` configures.

    ``recipient`` is the e-mail address(es) or the phone number; robots post to their group and
    take none. Raises :class:`DeliveryError` (non-retryable when a recipient is missing).
    """
    if isinstance(config, WeComRobotConfig):
        send_wecom(message, config, client=client)
    elif isinstance(config, DingTalkRobotConfig):
        send_dingtalk(message, config, client=client)
    elif isinstance(config, SmtpConfig):
        addresses = [recipient] if isinstance(recipient, str) else list(recipient or [])
        refused = send_email(message, config, addresses)
        if refused:
            raise DeliveryError(f"部分收件人被拒收：{'、'.join(refused)}", retryable=False)
    elif isinstance(config, SmsGatewayConfig):
        if not isinstance(recipient, str) or not recipient:
            raise DeliveryError("没有手机号码，短信未发送", retryable=False)
        send_sms(message, config, recipient, client=client)
    else:
        raise TypeError(f"unknown channel config {type(config).__name__}")
