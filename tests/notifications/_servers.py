"""Real local servers for the channel tests: an SMTP sink (aiosmtpd), WeCom/DingTalk robots and
an SMS gateway (one ``ThreadingHTTPServer``), a self-signed certificate made with openssl."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope

DINGTALK_SECRET = "SEC0123456789abcdef+/="  # '+', '/' and '=' exercise the URL-encoding
SMS_TOKEN = "gateway-token"
SLOW_SECONDS = 1.5


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def silent_listener() -> Iterator[int]:
    """A port that accepts TCP connections (kernel backlog) but never answers: a hung server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


# --- SMTP -------------------------------------------------------------------------------------


class SmtpSink:
    """aiosmtpd handler keeping every accepted envelope; ``refuse_rcpt`` answers RCPT TO."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.refuse_rcpt: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class PasswordCheck:
    """aiosmtpd authenticator accepting one login."""

    def __init__(self, login: str, password: str) -> None:
        self.login, self.password = login.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = auth_data.login == self.login and auth_data.password == self.password
        return AuthResult(success=ok, handled=False)


@contextlib.contextmanager
def smtp_server(sink: SmtpSink, **kwargs) -> Iterator[int]:
    """Run an aiosmtpd ``Controller`` on a free port; yield the port."""
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def self_signed_certificate(directory: Path) -> tuple[Path, Path] | None:
    """(cert, key) for localhost / 127.0.0.1 made with the openssl CLI, or None without it."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


# --- HTTP: robots and SMS gateway ---------------------------------------------------------------


@dataclass
class Seen:
    """One request the HTTP server received."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    json: object = field(default=None)


class RobotHandler(BaseHTTPRequestHandler):
    """Acts as 企业微信 (``/wecom``), 钉钉 (``/dingtalk``) and an SMS gateway (``/sms``)."""

    server: WebhookServer

    def log_message(self, format, *args) -> None:  # quiet
        pass

    def do_POST(self) -> None:  # noqa: N802
        split = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        seen = Seen(split.path, parse_qs(split.query), dict(self.headers.items()), body)
        if self.headers.get("Content-Type", "").startswith("application/json"):
            seen.json = json.loads(body)
        self.server.seen.append(seen)
        route = {"/wecom": self.wecom, "/dingtalk": self.dingtalk, "/sms": self.sms}
        handler = route.get("/" + split.path.strip("/").split("/")[0], self.status)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler(seen)  # a client that gave up (timeout tests) breaks the pipe

    def reply(self, status: int, payload: object, content_type="application/json") -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def status(self, seen: Seen) -> None:
        """``/status/503`` answers 503; ``/slow`` answers late."""
        if seen.path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self.reply(200, {"errcode": 0})
        self.reply(int(seen.path.rsplit("/", 1)[-1]), {"error": "as asked"})

    def wecom(self, seen: Seen) -> None:
        key = seen.query.get("key", [""])[0]
        payload = seen.json
        well_formed = (
            isinstance(payload, dict)
            and payload.get("msgtype") == "markdown"
            and set(payload) == {"msgtype", "markdown"}
            and isinstance(payload["markdown"].get("content"), str)
            and len(payload["markdown"]["content"].encode()) <= 4096
        )
        if not well_formed:
            return self.reply(200, {"errcode": 40008, "errmsg": "invalid message type"})
        if key == "busy":
            return self.reply(200, {"errcode": 45009, "errmsg": "api freq out of limit"})
        if key != "good-key":
            return self.reply(200, {"errcode": 93000, "errmsg": "invalid webhook url"})
        self.reply(200, {"errcode": 0, "errmsg": "ok"})

    def dingtalk(self, seen: Seen) -> None:
        payload = seen.json if isinstance(seen.json, dict) else {}
        markdown = payload.get("markdown")
        if not (
            payload.get("msgtype") == "markdown"
            and isinstance(markdown, dict)
            and isinstance(markdown.get("title"), str)
            and isinstance(markdown.get("text"), str)
        ):
            return self.reply(200, {"errcode": 40035, "errmsg": "缺少参数 json"})
        if seen.query.get("access_token") != ["robot-token"]:
            return self.reply(200, {"errcode": 300001, "errmsg": "token is not exist"})
        timestamp = seen.query.get("timestamp", [""])[0]
        sign = seen.query.get("sign", [""])[0]
        if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > 3600_000:
            return self.reply(200, {"errcode": 310000, "errmsg": "invalid timestamp"})
        string_to_sign = f"{timestamp}\n{DINGTALK_SECRET}".encode()
        digest = hmac.new(DINGTALK_SECRET.encode(), string_to_sign, hashlib.sha256).digest()
        if not hmac.compare_digest(sign, base64.b64encode(digest).decode()):
            return self.reply(200, {"errcode": 310000, "errmsg": "sign not match"})
        self.reply(200, {"errcode": 0, "errmsg": "ok"})

    def sms(self, seen: Seen) -> None:
        """``/sms/<answer>``: ``ok`` → code 0, ``refuse`` → 40001, ``busy`` → RATE,
        ``html`` → a page, ``nested`` → ``{"result": {"status": "OK"}}``."""
        if seen.headers.get("Authorization") != f"Bearer {SMS_TOKEN}":
            return self.reply(401, {"code": "401"})
        answer = seen.path.rsplit("/", 1)[-1]
        if answer == "html":
            return self.reply(200, b"<html>ok</html>", "text/html")
        body = {
            "ok": {"code": 0},
            "refuse": {"code": "40001", "msg": "template not approved"},
            "busy": {"code": "RATE", "msg": "too many requests"},
            "nested": {"result": {"status": "OK"}},
        }.get(answer, {"msg": "no code"})
        self.reply(200, body)


class WebhookServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), RobotHandler)
        self.seen: list[Seen] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextlib.contextmanager
def webhook_server() -> Iterator[WebhookServer]:
    """Serve the robots and the SMS gateway on a free port in a thread."""
    server = WebhookServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
