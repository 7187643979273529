"""A scratch database of the test database's kind, the real worker (``huey_consumer``) as a
separate process on it, and a robot receiver that keeps what it is sent."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import panel
from panel import create_app
from panel.core.config import TestingConfig
from panel.core.extensions import db
from panel.demo.loader import load_demo_data

ROOT = Path(panel.__file__).resolve().parent.parent
CONSUMER = Path(sys.executable).with_name("huey_consumer")


def test_database_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", "sqlite://")


@contextlib.contextmanager
def scratch_database(tmp_path: Path) -> Iterator[str]:
    """An empty database next to the test database (a file for SQLite), dropped afterwards."""
    url = make_url(test_database_url())
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'panel.sqlite'}"
        return
    name = f"scratch_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def worker_settings(url: str, tmp_path: Path, **channels) -> dict[str, str]:
    """The environment of the worker process (and the settings of the test's own app)."""
    sqlite = url.startswith("sqlite")
    return {
        "PANEL_ENV": "testing",
        "TEST_DATABASE_URL": url,
        "PANEL_INSTANCE_PATH": str(tmp_path / "instance"),
        "NOTIFY_QUEUE": f"sqlite:{tmp_path / 'queue.db'}" if sqlite else "postgres",
        "NOTIFY_QUEUE_NAME": f"test-{uuid.uuid4().hex[:6]}",
        "NOTIFY_LEASE_SECONDS": "2",
        "NOTIFY_RETRY_SECONDS": "1",
        **{key: str(value) for key, value in channels.items()},
    }


@contextlib.contextmanager
def panel_app(settings: dict[str, str]):
    """The panel on the scratch database, migrated, with the demo organisation."""
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = settings["TEST_DATABASE_URL"]
    for key, value in settings.items():
        if key.startswith("NOTIFY_"):
            setattr(config, key, value)
    app = create_app(config)
    with app.app_context():
        upgrade(revision="heads")
        load_demo_data(complaints=0)
        db.session.commit()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
            app.extensions["huey"].storage.close()


@contextlib.contextmanager
def worker(settings: dict[str, str], *options: str) -> Iterator[subprocess.Popen]:
    """``huey_consumer panel.worker.huey -w 4 -k thread`` as a process of its own."""
    env = {**os.environ, **settings, "PYTHONPATH": str(ROOT)}
    command = [str(CONSUMER), "panel.worker.huey", "-w", "4", "-k", "thread", "-m", "0.5"]
    command += options
    log = open(Path(settings["PANEL_INSTANCE_PATH"]).parent / "worker.log", "ab")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield process
    finally:
        kill(process)
        log.close()


def kill(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def wait_for(condition, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Receiver(ThreadingHTTPServer):
    """A 企业微信 robot (or an SMS gateway) that answers after ``delay`` seconds and keeps every
    request's ``Idempotency-Key`` and markdown, or ``phone|text`` (its own view drops repeated
    keys)."""

    daemon_threads = True

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _ReceiverHandler)
        self.delay = delay
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/cgi-bin/webhook/send?key=good-key"

    def keys(self) -> list[str]:
        with self.lock:
            return [key for key, _ in self.requests]

    def view(self) -> dict[str, str]:
        """What the group shows: one message per idempotency key."""
        with self.lock:
            return dict(self.requests)


class _ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver
    protocol_version = "HTTP/1.1"  # keep-alive, as the robots' servers do

    def log_message(self, format, *args) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        if "markdown" in body:
            content = body["markdown"]["content"]
        else:  # the SMS gateway's body
            content = f"{body['phone']}|{body['text']}"
        with self.server.lock:
            self.server.requests.append((self.headers["Idempotency-Key"], content))
        time.sleep(self.server.delay)
        data = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)


@contextlib.contextmanager
def receiver(delay: float = 0.0) -> Iterator[Receiver]:
    server = Receiver(delay)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
