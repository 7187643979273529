"""Faults against real servers: PostgreSQL stopped and restarted under the panel (in process and
under gunicorn during a burst of reads and saves), a gunicorn worker killed in the middle of a
save. Every answer is a page of the panel — a 200, a redirect after a save, or the Chinese 503
with the form's input — never a server error; nothing is half-written; the panel recovers by
itself; the report rollup still agrees with the rows.

PostgreSQL only, on a cluster of the tests' own (the suite's shared server is never stopped).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from panel import create_app
from panel.complaints.models import Complaint
from panel.core import config as panel_config
from panel.core.actor import acting_as
from panel.core.audit.models import AuditEntry
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.organisation.models.user import User
from tests.admin.faults import Browser, Cluster, Gunicorn, token
from tests.admin.forms import form_with
from tests.fixtures.clients import PanelClient, login

pytestmark = [pytest.mark.postgres_only, pytest.mark.committing]

LOST = "数据库连接中断，请重试"
TAG = "故障"
HOT = 6  # complaints the savers edit


def _app(url: str):
    config = panel_config.TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    return create_app(config)


@pytest.fixture(scope="module")
def cluster():
    """A migrated database with the demo organisation and a few complaints, on a cluster of
    this module's own."""
    from panel.demo.loader import load_demo_data

    own = Cluster()
    try:
        app = _app(own.url)
        with app.app_context():
            upgrade(revision="heads")
            load_demo_data(complaints=0)
            clerk = db.session.scalar(select(User).filter_by(username="clerk"))
            after_sales = db.session.scalar(select(Department).filter_by(code="SH"))
            with acting_as(clerk):
                for number in range(HOT):
                    db.session.add(
                        Complaint(
                            channel="hotline",
                            complainant_name=f"热点{number}",
                            content="保养后仍有异响",
                            category="repair_quality",
                            complained_department=after_sales,
                        )
                    )
                db.session.commit()
            db.session.remove()
            db.engine.dispose()
        yield own
    finally:
        own.close()


@pytest.fixture(scope="module")
def server(cluster):
    """gunicorn (2 sync workers, production settings) on the module's database."""
    started = time.monotonic()
    running = Gunicorn(cluster.url, workers=2)
    print(f"\ngunicorn up in {time.monotonic() - started:.0f} s")
    yield running
    running.close()


def _rollup_check(url: str):
    """``flask --app wsgi report-rollup --check`` against ``url`` (in this process)."""
    app = _app(url)
    result = app.test_cli_runner().invoke(args=["report-rollup", "--check"])
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return result


def _complaint_ids(url: str) -> list[int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        ids = connection.scalars(
            select(Complaint.id)
            .where(Complaint.complainant_name.like("热点%"))
            .order_by(Complaint.id)
        ).all()
    engine.dispose()
    return list(ids)


def test_a_stopped_database_gives_the_chinese_503_keeps_the_form_and_recovers(cluster):
    app = _app(cluster.url)
    app.test_client_class = PanelClient
    client = app.test_client()
    assert login(client, "clerk").status_code == 302
    complaint_id = _complaint_ids(cluster.url)[0]
    url = f"/admin/complaint/edit/?id={complaint_id}"
    form = form_with(client.get(url).text, "_row_version")
    form["complainant_address"] = "停库期间填写的地址 8 号"

    newcomer = app.test_client()
    login_page = newcomer.get("/login").text
    cluster.stop()
    try:
        listing = client.get("/admin/complaint/")
        saving = client.post(url, data=form)
        credentials = {"username": "advisor", "password": "Demo1234secret"}
        logging_in = newcomer.post("/login", data={**credentials, "csrf_token": token(login_page)})
    finally:
        cluster.start()

    assert "Demo1234secret" not in logging_in.text  # a password is never put on a page
    for answer in (listing, saving, logging_in):
        assert answer.status_code == 503
        assert LOST in answer.text and '<html lang="zh-CN">' in answer.text
        assert "Internal Server Error" not in answer.text and "psycopg" not in answer.text
    assert "停库期间填写的地址 8 号" in saving.text  # the input comes back, ready to send
    resend = form_with(saving.text, "_row_version")
    assert resend["complainant_address"] == "停库期间填写的地址 8 号"

    assert client.get("/admin/complaint/").status_code == 200  # no restart needed
    assert client.post(url, data=resend).status_code == 302
    with app.app_context():
        assert db.session.get(Complaint, complaint_id).complainant_address == (
            "停库期间填写的地址 8 号"
        )
        db.session.remove()
        db.engine.dispose()


class Burst:
    """Users reading and saving against gunicorn until ``deadline``; every answer classified."""

    def __init__(self, port: int, complaint_ids: list[int], first_serial: int = 0) -> None:
        self.port, self.complaint_ids = port, complaint_ids
        self.lock = threading.Lock()
        self.outcomes: Counter = Counter()
        self.problems: list[str] = []
        self.registered: list[str] = []  # names of the complaints reported saved
        self.edited: dict[int, list[str]] = {}  # addresses reported saved, per complaint
        self.serial = first_serial

    def next_serial(self) -> int:
        with self.lock:
            self.serial += 1
            return self.serial

    def judge(self, what: str, method: str, status: int, page: str) -> str:
        """ok, outage (the Chinese 503, or a form back with the message) or a problem."""
        if status in (200, 302) and LOST not in page:
            kind = "ok"
        elif status == 503 and LOST in page and '<html lang="zh-CN">' in page:
            kind = "outage"
            if method == "POST" and 'data-testid="resubmit"' not in page:
                kind = "problem"
        elif status == 200 and LOST in page:
            kind = "outage"  # the form came back with the message and the input
        else:
            kind = "problem"
        with self.lock:
            self.outcomes[f"{what}:{kind}"] += 1
            if kind == "problem":
                self.problems.append(f"{what} {method}: HTTP {status} {page[:120]!r}")
        if kind == "outage":
            time.sleep(0.2)  # the user reads the message before trying again
        return kind

    def signed_in(self, username: str) -> Browser:
        """A user logged in before the faults begin (a login is a save of its own)."""
        browser = Browser(self.port)
        browser.login(username)
        return browser

    def reader(self, browser: Browser, deadline: float) -> None:
        while time.monotonic() < deadline:
            status, page, _ = browser.request("GET", "/admin/complaint/")
            self.judge("list", "GET", status, page)
            complaint = self.complaint_ids[self.next_serial() % len(self.complaint_ids)]
            status, page, _ = browser.request("GET", f"/admin/complaint/details/?id={complaint}")
            self.judge("view", "GET", status, page)

    def saver(self, browser: Browser, deadline: float, complaint_id: int) -> None:
        self.edited[complaint_id] = []
        while time.monotonic() < deadline:
            self.register(browser)
            self.edit(browser, complaint_id)

    def register(self, browser: Browser) -> None:
        status, page, _ = browser.request("GET", "/admin/complaint/new/")
        if self.judge("register_form", "GET", status, page) != "ok":
            return
        name = f"{TAG}{self.next_serial()}"
        form = {
            "csrf_token": token(page),
            "channel": "hotline",
            "complainant_name": name,
            "complainant_phone": "13912345678",
            "content": "停库演练：保养后发动机异响",
            "category": "repair_quality",
            "amount_claimed": "0",
            "people_count": "1",
        }
        status, page, _ = browser.request("POST", "/admin/complaint/new/", form)
        if self.judge("register", "POST", status, page) == "ok" and status == 302:
            with self.lock:
                self.registered.append(name)

    def edit(self, browser: Browser, complaint_id: int) -> None:
        url = f"/admin/complaint/edit/?id={complaint_id}"
        status, page, _ = browser.request("GET", url)
        if self.judge("edit_form", "GET", status, page) != "ok":
            return
        form = form_with(page, "_row_version")
        address = f"{TAG}地址{self.next_serial()}"
        form["complainant_address"] = address
        status, page, _ = browser.request("POST", url, form)
        if self.judge("edit", "POST", status, page) == "ok" and status == 302:
            with self.lock:
                self.edited[complaint_id].append(address)


def test_postgresql_restarted_and_stopped_during_a_burst_through_gunicorn(cluster, server):
    ids = _complaint_ids(cluster.url)
    burst = Burst(server.port, ids)
    readers = [burst.signed_in("auditor") for _ in range(2)]
    savers = [burst.signed_in("clerk") for _ in range(3)]
    ready = time.monotonic()
    deadline = ready + 12
    threads = [threading.Thread(target=burst.reader, args=(b, deadline)) for b in readers]
    threads += [
        threading.Thread(target=burst.saver, args=(b, deadline, ids[n]))
        for n, b in enumerate(savers)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    cluster.restart("fast")  # the database restarts under load
    time.sleep(2)
    cluster.stop("fast")  # ... and is away for a while
    time.sleep(3)
    cluster.start()
    for thread in threads:
        thread.join(60)
    # Back to normal on its own: every user's next read and save goes through.
    after = Burst(server.port, ids, first_serial=100_000)
    user = Browser(server.port)
    user.login("clerk")
    after.edited[ids[4]] = []
    after.register(user)
    after.edit(user, ids[4])
    for page in ("/admin/complaint/", f"/admin/complaint/details/?id={ids[4]}"):
        status, text, _ = user.request("GET", page)
        after.judge("read", "GET", status, text)
    elapsed = time.monotonic() - ready

    print(f"\nburst {elapsed:.0f} s: {dict(sorted(burst.outcomes.items()))}")
    print(f"after recovery: {dict(sorted(after.outcomes.items()))}")
    assert burst.problems == []  # no English 500, no page without the Chinese message
    assert sum(n for k, n in burst.outcomes.items() if k.endswith(":outage")) > 0
    assert sum(n for k, n in burst.outcomes.items() if k.endswith(":ok")) > 0
    assert after.problems == [] and set(after.outcomes) == {
        "register_form:ok",
        "register:ok",
        "edit_form:ok",
        "edit:ok",
        "read:ok",
    }
    _nothing_lost_nothing_half_written(cluster.url, burst)
    check = _rollup_check(cluster.url)
    assert check.exit_code == 0 and "一致" in check.output, check.output


def _nothing_lost_nothing_half_written(url: str, burst: Burst) -> None:
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(
            select(Complaint.id, Complaint.complainant_name, Complaint.number).where(
                Complaint.complainant_name.like(f"{TAG}%")
            )
        ).all()
        names = Counter(row.complainant_name for row in stored)
        # Every registration reported saved is there, once.
        assert all(names[name] == 1 for name in burst.registered)
        # Whatever is there is whole: numbered, with its audit entry.
        for row in stored:
            assert row.number
            audited = connection.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.table_name == "complaint", AuditEntry.row_id == str(row.id))
            )
            assert audited >= 1, row
        # Every edit reported saved is in the audit trail.
        for complaint_id, addresses in burst.edited.items():
            trail = connection.scalars(
                select(AuditEntry.changes).where(
                    AuditEntry.table_name == "complaint",
                    AuditEntry.row_id == str(complaint_id),
                    AuditEntry.action == "update",
                )
            ).all()
            written = {str(c.get("complainant_address", [None, None])[1]) for c in trail}
            assert set(addresses) <= written
    engine.dispose()


def test_a_gunicorn_worker_killed_mid_save_half_writes_nothing(cluster, server):
    complaint_id = _complaint_ids(cluster.url)[5]
    engine = create_engine(cluster.url)
    holder = engine.connect()
    try:
        clerk, other = Browser(server.port), Browser(server.port)
        clerk.login("clerk")
        other.login("auditor")
        url = f"/admin/complaint/edit/?id={complaint_id}"
        form = form_with(clerk.request("GET", url)[1], "_row_version")
        form["complainant_address"] = "被中断的保存 1 号"

        # Hold the row: the save waits inside its transaction, where its worker is killed.
        holding = holder.begin()
        holder.execute(select(Complaint.id).where(Complaint.id == complaint_id).with_for_update())
        answer = {}
        saving = threading.Thread(target=lambda: answer.update(r=clerk.request("POST", url, form)))
        saving.start()
        port = _waiting_client_port(engine)
        worker = server.worker_with_local_port(port)
        assert worker is not None
        os.kill(worker, signal.SIGKILL)
        saving.join(30)
        holding.rollback()
        assert answer["r"][0] == 0  # no answer: the browser reports a failed connection

        server.wait_ready()  # the master has started a new worker
        assert other.request("GET", "/admin/complaint/")[0] == 200
        with engine.connect() as connection:
            address = connection.scalar(
                select(Complaint.complainant_address).where(Complaint.id == complaint_id)
            )
            trail = connection.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(
                    AuditEntry.table_name == "complaint",
                    AuditEntry.row_id == str(complaint_id),
                    AuditEntry.action == "update",
                )
            )
        assert address is None and trail == 0  # nothing of the killed save was kept

        form = form_with(clerk.request("GET", url)[1], "_row_version")
        form["complainant_address"] = "被中断的保存 1 号"
        assert clerk.request("POST", url, form)[0] == 302  # the user saves again: it holds
        with engine.connect() as connection:
            address = connection.scalar(
                select(Complaint.complainant_address).where(Complaint.id == complaint_id)
            )
        assert address == "被中断的保存 1 号"
    finally:
        holder.close()
        engine.dispose()
    check = _rollup_check(cluster.url)
    assert check.exit_code == 0 and "一致" in check.output, check.output


def _waiting_client_port(engine, seconds: float = 20) -> int:
    """The client port of the database connection that waits for a row lock."""
    query = text(
        "SELECT client_port FROM pg_stat_activity "
        "WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            port = connection.scalar(query)
        if port:
            return port
        time.sleep(0.05)
    raise AssertionError("the save never reached the database")
