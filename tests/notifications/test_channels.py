"""The e-mail channel against a real SMTP server (aiosmtpd) on a free local port."""

from __future__ import annotations

import email
import ssl
import time
from email import policy
from email.header import decode_header, make_header

import pytest

from panel.notifications import DeliveryError
from panel.notifications.channels import (
    SmtpConfig,
    message_id,
    send_email,
)

from ._sample import PDF, TITLE, make_message
from ._servers import (
    PasswordCheck,
    SmtpSink,
    free_port,
    self_signed_certificate,
    silent_listener,
    smtp_server,
)


@pytest.fixture
def sink():
    return SmtpSink()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    pair = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    if pair is None:
        pytest.skip("openssl CLI not available")
    return pair


def server_tls(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def received(sink: SmtpSink, index: int = -1) -> email.message.EmailMessage:
    return email.message_from_bytes(sink.envelopes[index].content, policy=policy.default)


def body_text(mail: email.message.EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content().replace("\r\n", "\n")


# --- e-mail --------------------------------------------------------------------------------------


def test_email_arrives_with_chinese_subject_and_pdf_attachment(sink):
    with smtp_server(sink) as port:
        config = SmtpConfig(
            host="127.0.0.1",
            port=port,
            security="none",
            from_address="noreply@panel.example.cn",
            from_name="投诉处理平台",
        )
        refused = send_email(make_message(), config, ["manager@panel.example.cn"])

    assert refused == {}
    envelope = sink.envelopes[0]
    assert envelope.mail_from == "noreply@panel.example.cn"
    assert envelope.rcpt_tos == ["manager@panel.example.cn"]
    raw_subject = next(
        line for line in envelope.content.splitlines() if line.startswith(b"Subject")
    )
    assert raw_subject.isascii() and b"=?utf-8?" in raw_subject.lower()  # RFC 2047 on the wire
    mail = received(sink)
    assert str(make_header(decode_header(mail["Subject"]))) == TITLE
    assert mail["Subject"] == TITLE
    assert mail["From"].addresses[0].display_name == "投诉处理平台"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert body_text(mail) == make_message().text
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "投诉周报-2024W19.pdf"
    assert attachment.get_content() == PDF


def test_email_message_id_is_derived_from_the_idempotency_key(sink):
    with smtp_server(sink) as port:
        config = SmtpConfig("127.0.0.1", "noreply@panel.example.cn", port=port, security="none")
        send_email(make_message("outbox:7"), config, ["a@panel.example.cn"])
        send_email(make_message("outbox:7"), config, ["a@panel.example.cn"])  # a retry
        send_email(make_message("outbox:8"), config, ["a@panel.example.cn"])

    ids = [received(sink, i)["Message-ID"] for i in range(3)]
    assert ids[0] == ids[1] == message_id("outbox:7", "panel.example.cn")
    assert ids[2] != ids[0]
    assert ids[0].startswith("<") and ids[0].endswith("@panel.example.cn>")


def test_email_starttls_with_login(sink, certificate):
    cert, _ = certificate
    with smtp_server(
        sink,
        tls_context=server_tls(certificate),
        require_starttls=True,
        authenticator=PasswordCheck("notifier", "s3cret"),
        auth_require_tls=True,
    ) as port:
        base = {"host": "localhost", "port": port, "security": "starttls", "ca_file": str(cert)}
        config = SmtpConfig(**base, from_address="n@x.cn", username="notifier", password="s3cret")
        send_email(make_message(), config, ["boss@x.cn"])
        wrong = SmtpConfig(**base, from_address="n@x.cn", username="notifier", password="nope")
        with pytest.raises(DeliveryError) as refused:
            send_email(make_message(), wrong, ["boss@x.cn"])

    assert len(sink.envelopes) == 1
    assert received(sink)["Subject"] == TITLE
    assert not refused.value.retryable
    assert "登录失败" in refused.value.message


def test_email_implicit_tls_and_an_untrusted_certificate(sink, certificate):
    cert, _ = certificate
    with smtp_server(sink, ssl_context=server_tls(certificate)) as port:
        config = SmtpConfig("127.0.0.1", "n@x.cn", port=port, security="ssl", ca_file=str(cert))
        send_email(make_message(), config, ["boss@x.cn"])
        untrusted = SmtpConfig("127.0.0.1", "n@x.cn", port=port, security="ssl")
        with pytest.raises(DeliveryError) as error:
            send_email(make_message(), untrusted, ["boss@x.cn"])

    assert body_text(received(sink)) == make_message().text
    assert not error.value.retryable and "证书" in error.value.message


@pytest.mark.parametrize(
    ("reply", "retryable"), [("550 5.1.1 no such user", False), ("450 4.2.1 mailbox busy", True)]
)
def test_email_refused_recipient(sink, reply, retryable):
    sink.refuse_rcpt = reply
    with smtp_server(sink) as port:
        config = SmtpConfig("127.0.0.1", "n@x.cn", port=port, security="none")
        with pytest.raises(DeliveryError) as error:
            send_email(make_message(), config, ["nobody@x.cn"])
    assert error.value.retryable is retryable
    assert error.value.message.startswith("邮件服务器拒收了全部收件人")


def test_email_server_down_is_retryable():
    config = SmtpConfig("127.0.0.1", "n@x.cn", port=free_port(), security="none", timeout=2)
    with pytest.raises(DeliveryError) as error:
        send_email(make_message(), config, ["a@x.cn"])
    assert error.value.retryable


def test_email_timeout_is_retryable():
    with silent_listener() as port:
        config = SmtpConfig("127.0.0.1", "n@x.cn", port=port, security="none", timeout=0.3)
        started = time.monotonic()
        with pytest.raises(DeliveryError) as error:
            send_email(make_message(), config, ["a@x.cn"])
    assert error.value.retryable and "超时" in error.value.message
    assert time.monotonic() - started < 5


def test_email_without_recipient_is_not_sent():
    config = SmtpConfig("127.0.0.1", "n@x.cn", port=free_port(), security="none")
    with pytest.raises(DeliveryError) as error:
        send_email(make_message(), config, [])
    assert not error.value.retryable


def test_message_needs_an_idempotency_key():
    with pytest.raises(ValueError):
        make_message(" ")
