"""E-mail over SMTP (smtplib): plain, STARTTLS or implicit TLS, optional login.

The ``Message-ID`` is derived from the idempotency key, so a retry of the same outbox row carries
the same ``Message-ID`` and a receiver (or a mail archive) can spot the repeat.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from typing import Literal

from panel.notifications.message import DeliveryError, Message

MAIL = "邮件服务器"
Security = Literal["none", "starttls", "ssl"]


@dataclass(frozen=True)
class SmtpConfig:
    """An SMTP relay.

    ``security``: ``"ssl"`` (implicit TLS, usually port 465), ``"starttls"`` (usually 587) or
    ``"none"`` (an internal relay on port 25). ``ca_file`` is a CA bundle trusted instead of the
    system's, for a relay with a private certificate. ``message_id_domain`` defaults to the
    sender's domain.
    """

    host: str
    from_address: str
    port: int = 465
    security: Security = "ssl"
    username: str | None = None
    password: str | None = None
    from_name: str = ""
    timeout: float = 15.0
    ca_file: str | None = None
    message_id_domain: str | None = None

    def __post_init__(self) -> None:
        if self.security not in ("none", "starttls", "ssl"):
            raise ValueError(f"security must be none, starttls or ssl, not {self.security!r}")


def message_id(idempotency_key: str, domain: str) -> str:
    """A stable ``Message-ID`` for an idempotency key: ``<hash@domain>``."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
    return f"<{digest}@{domain}>"


def build_email(message: Message, config: SmtpConfig, to: Sequence[str]) -> EmailMessage:
    """The MIME message: UTF-8 subject and plain-text body, then the attachments."""
    username, _, domain = config.from_address.rpartition("@")
    mail = EmailMessage()
    mail["Subject"] = message.title
    mail["From"] = Address(display_name=config.from_name, username=username, domain=domain)
    mail["To"] = ", ".join(to)
    mail["Date"] = formatdate(localtime=True)
    mail["Message-ID"] = message_id(message.idempotency_key, config.message_id_domain or domain)
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this mail
    mail.set_content(message.text, charset="utf-8")
    for attachment in message.attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        mail.add_attachment(
            bytes(attachment.content),
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return mail


def send_email(message: Message, config: SmtpConfig, to: Sequence[str]) -> dict[str, str]:
    """Send ``message`` to the ``to`` addresses; raise :class:`DeliveryError` on failure.

    Returns the addresses the server refused while accepting others (empty when all were
    accepted); the worker should send one recipient per outbox row so that this stays empty.
    """
    if not to:
        raise DeliveryError("没有收件人，邮件未发送", retryable=False)
    try:
        mail = build_email(message, config, to)
        with _connect(config) as smtp:
            if config.username:
                smtp.login(config.username, config.password or "")
            refused = smtp.send_message(mail, from_addr=config.from_address, to_addrs=list(to))
    except Exception as exc:
        raise _delivery_error(exc) from exc
    return {
        address: f"{code} {reply.decode(errors='replace')}"
        for address, (code, reply) in refused.items()
    }


def _connect(config: SmtpConfig) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=config.ca_file)
    if config.security == "ssl":
        return smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
    smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    if config.security == "starttls":
        try:
            smtp.starttls(context=context)
        except BaseException:
            smtp.close()
            raise
    return smtp


def _delivery_error(exc: Exception) -> DeliveryError:
    if isinstance(exc, ValueError | TypeError) and not isinstance(exc, ssl.SSLError):
        return DeliveryError(f"邮件内容或地址无效（{exc}）", retryable=False)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        temporary = bool(codes) and all(400 <= code < 500 for code in codes)
        return DeliveryError(f"{MAIL}拒收了全部收件人（{_codes(codes)}）", retryable=temporary)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        retryable = 400 <= exc.smtp_code < 500
        return DeliveryError(f"{MAIL}登录失败（{exc.smtp_code}），请检查用户名和密码", retryable)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryError(f"{MAIL}不支持所需功能（STARTTLS 或登录）", retryable=False)
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        return DeliveryError(f"{MAIL}连接超时，稍后重试", retryable=True)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return DeliveryError(f"{MAIL}中断了连接，稍后重试", retryable=True)
    if isinstance(exc, smtplib.SMTPResponseException):
        retryable = not 500 <= exc.smtp_code < 600
        hint = "，稍后重试" if retryable else ""
        return DeliveryError(f"{MAIL}拒绝了邮件（{exc.smtp_code}）{hint}", retryable=retryable)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return DeliveryError(f"{MAIL}的证书校验失败，请检查主机名或 CA 配置", retryable=False)
    if isinstance(exc, OSError):
        return DeliveryError(f"无法连接{MAIL}（{type(exc).__name__}），稍后重试", retryable=True)
    return DeliveryError(f"发送邮件失败（{type(exc).__name__}）", retryable=False)


def _codes(codes: list[int]) -> str:
    return "、".join(str(code) for code in sorted(set(codes))) or "无应答码"
