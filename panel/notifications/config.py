"""Channel and queue settings, read from the environment when the app starts.

Secrets (SMTP password, robot keys in the webhook URLs, the DingTalk signing secret, the SMS
token) stay out of the database: they come from the environment like ``SECRET_KEY``. A test or a
deployment may also set the same keys in ``app.config`` before ``create_app`` returns. A channel
without its settings is not used: the routing table's lines for it are skipped.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from panel.notifications.channels import (
    ChannelConfig,
    DingTalkRobotConfig,
    SmsGatewayConfig,
    SmtpConfig,
    WeComRobotConfig,
)
from panel.notifications.enums import Channel

# key -> default; every key may come from the environment variable of the same name.
KEYS: dict[str, Any] = {
    "NOTIFY_QUEUE": "auto",  # auto | immediate | memory | sqlite:<file> | postgres
    "NOTIFY_QUEUE_NAME": "panel",
    "NOTIFY_QUEUE_SCHEMA": "panel_queue",  # PostgreSQL: the queue's tables live apart
    "NOTIFY_BASE_URL": "",  # e.g. https://panel.example.cn, for links in messages
    "NOTIFY_LEASE_SECONDS": 120,  # a delivery claimed longer than this is tried again
    "NOTIFY_RETRY_SECONDS": 30,  # first retry after this, doubling up to an hour
    "NOTIFY_MAX_ATTEMPTS": 8,
    "NOTIFY_SMTP_HOST": "",
    "NOTIFY_SMTP_PORT": 465,
    "NOTIFY_SMTP_SECURITY": "ssl",  # ssl | starttls | none
    "NOTIFY_SMTP_USER": "",
    "NOTIFY_SMTP_PASSWORD": "",
    "NOTIFY_SMTP_FROM": "",
    "NOTIFY_SMTP_FROM_NAME": "投诉处理平台",
    "NOTIFY_WECOM_WEBHOOK": "",
    "NOTIFY_DINGTALK_WEBHOOK": "",
    "NOTIFY_DINGTALK_SECRET": "",
    "NOTIFY_SMS_URL": "",
    "NOTIFY_SMS_TOKEN": "",
    "NOTIFY_SMS_TOKEN_HEADER": "Authorization",
    "NOTIFY_SMS_TOKEN_PREFIX": "Bearer ",
    "NOTIFY_SMS_FORMAT": "json",  # json | form
    "NOTIFY_SMS_PHONE_FIELD": "phone",
    "NOTIFY_SMS_TEXT_FIELD": "text",
    "NOTIFY_SMS_SIGNATURE": "",
    "NOTIFY_SMS_SUCCESS_FIELD": "",  # e.g. code; empty: any HTTP 2xx is success
    "NOTIFY_SMS_SUCCESS_VALUES": "0,OK",
}


def load(app: Flask) -> None:
    """Fill ``app.config`` from the environment for every key not set already."""
    for key, default in KEYS.items():
        if key in app.config:
            continue
        raw = os.environ.get(key)
        app.config[key] = default if raw is None else type(default)(raw)


def channel_configs(config) -> dict[Channel, ChannelConfig]:
    """The configured external channels (the panel's own bell needs no settings)."""
    out: dict[Channel, ChannelConfig] = {}
    if config["NOTIFY_SMTP_HOST"] and config["NOTIFY_SMTP_FROM"]:
        out[Channel.EMAIL] = SmtpConfig(
            host=config["NOTIFY_SMTP_HOST"],
            port=int(config["NOTIFY_SMTP_PORT"]),
            security=config["NOTIFY_SMTP_SECURITY"],
            username=config["NOTIFY_SMTP_USER"] or None,
            password=config["NOTIFY_SMTP_PASSWORD"] or None,
            from_address=config["NOTIFY_SMTP_FROM"],
            from_name=config["NOTIFY_SMTP_FROM_NAME"],
        )
    if config["NOTIFY_WECOM_WEBHOOK"]:
        out[Channel.WECOM] = WeComRobotConfig(config["NOTIFY_WECOM_WEBHOOK"])
    if config["NOTIFY_DINGTALK_WEBHOOK"]:
        out[Channel.DINGTALK] = DingTalkRobotConfig(
            config["NOTIFY_DINGTALK_WEBHOOK"], secret=config["NOTIFY_DINGTALK_SECRET"] or None
        )
    if config["NOTIFY_SMS_URL"]:
        values = tuple(v.strip() for v in str(config["NOTIFY_SMS_SUCCESS_VALUES"]).split(","))
        out[Channel.SMS] = SmsGatewayConfig(
            url=config["NOTIFY_SMS_URL"],
            token=config["NOTIFY_SMS_TOKEN"],
            token_header=config["NOTIFY_SMS_TOKEN_HEADER"],
            token_prefix=config["NOTIFY_SMS_TOKEN_PREFIX"],
            body_format=config["NOTIFY_SMS_FORMAT"],
            phone_field=config["NOTIFY_SMS_PHONE_FIELD"],
            text_field=config["NOTIFY_SMS_TEXT_FIELD"],
            signature=config["NOTIFY_SMS_SIGNATURE"],
            success_field=config["NOTIFY_SMS_SUCCESS_FIELD"] or None,
            success_values=tuple(v for v in values if v),
        )
    return out


def configured_channels(config) -> frozenset[Channel]:
    """The channels a delivery may go through: the bell and every configured one."""
    return frozenset(channel_configs(config)) | {Channel.PANEL}
