"""Load test: gunicorn with several workers on PostgreSQL, 50 concurrent users for 60 s.

    .venv/bin/python benchmarks/loadtest.py [--users 50] [--duration 60] [--workers 5]
        [--history 50000] [--think 0] [--database-url postgresql+psycopg://...]

Starts a throwaway PostgreSQL server (or uses ``--database-url``), migrates it, loads the demo
organisation and ``--history`` generated complaints (``panel.demo.generator.command``), and prepares
complaints under investigation for the advisors to work on. It then starts gunicorn
(``--workers`` sync workers) on a free loopback port and, from this process, runs ``--users``
simulated users, each logged in with a demo account and its own session, for ``--duration``
seconds, waiting ``--think`` seconds (uniformly up to) between requests:

- clerks (40 %): list pages, searches, complaint pages, register complaints, edit one of a few
  "hot" complaints that other clerks edit at the same time;
- advisors (30 %): list, view, propose a remedy (compensation beyond their own authority);
- managers (20 %): list, view, approve proposed remedies;
- the general manager and the auditor (10 %): list and view.

Every form is fetched first and posted with its CSRF token, as a browser does. A request is an
*error* when the server answers 5xx, the connection fails, or the answer is not what that step
gives (a saved form redirects; a refused one comes back with the reason). Refusals a user
would see and understand are *conflicts*, not errors: an edit over a newer version (optimistic
locking), a remedy someone else decided first.

Afterwards it checks the database for lost updates: every registration, proposal, approval
and edit the server reported as done must be there (rows, decisions, audit entries), and no
two successful edits of a complaint may have started from the same version (the second would
have overwritten the first). Prints throughput, latency per step and overall; the last
line is ``users=.. duration_s=.. requests=.. rps=.. p50_ms=.. p95_ms=.. errors=.. conflicts=..
lost_updates=..``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, database, panel_app  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
REMEDY_IDS = re.compile(r'name="remedy_id" value="(\d+)"')
TAG = "负载"  # marks what the users create, for the checks at the end


class Browser:
    """One user's cookies over keep-alive HTTP to the server on loopback."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, form: dict | None = None):
        body = urlencode(form) if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn's sync workers close the connection after each response.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, response.getheader("Location") or ""


class Run:
    """Shared state of the simulated users: timings, outcomes, what they created."""

    def __init__(self, deadline: float, think: float, pools: dict) -> None:
        self.deadline, self.think, self.pools = deadline, think, pools
        self.lock = threading.Lock()
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.outcomes: Counter = Counter()
        self.errors: list[str] = []
        self.proposed: list[int] = []  # complaints with a fresh proposal waiting for approval
        self.edits: Counter = Counter()  # successful edits per hot complaint
        self.edited_from: dict[int, list[str]] = defaultdict(list)  # versions they started from
        self.serial = 0

    def timed(self, step: str, browser: Browser, method: str, path: str, form=None):
        started = time.perf_counter()
        try:
            status, text, location = browser.request(method, path, form)
        except OSError as exc:
            self.error(step, f"{type(exc).__name__}: {exc}")
            return None, "", ""
        with self.lock:
            self.timings[step].append((time.perf_counter() - started) * 1000)
        if status >= 500:
            self.error(step, f"HTTP {status} {path}")
        return status, text, location

    def error(self, step: str, message: str) -> None:
        with self.lock:
            self.outcomes[f"{step}:error"] += 1
            self.errors.append(f"{step}: {message}")

    def count(self, outcome: str) -> None:
        with self.lock:
            self.outcomes[outcome] += 1

    def next_serial(self) -> int:
        with self.lock:
            self.serial += 1
            return self.serial


def token(html: str) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""


# --- what each kind of user does ------------------------------------------------------------


def browse(run: Run, browser: Browser, rng: random.Random) -> None:
    choice = rng.random()
    if choice < 0.45:
        page = rng.choice((0, 0, 0, 1, 2, 5, 20, 100))
        run.timed("list", browser, "GET", f"/admin/complaint/?page={page}")
    elif choice < 0.6:
        term = rng.choice(run.pools["search_terms"])
        run.timed("search", browser, "GET", "/admin/complaint/?" + urlencode({"search": term}))
    else:
        complaint = rng.choice(run.pools["viewable"])
        status, _, _ = run.timed(
            "view", browser, "GET", f"/admin/complaint/details/?id={complaint}"
        ) or (None, "", "")
        if status not in (200, None):
            run.error("view", f"HTTP {status}")


def register(run: Run, browser: Browser, rng: random.Random) -> None:
    status, html, _ = run.timed("register_form", browser, "GET", "/admin/complaint/new/")
    if status != 200:
        return run.error("register", f"form HTTP {status}")
    serial = run.next_serial()
    form = {
        "csrf_token": token(html),
        "received_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "channel": "hotline",
        "complainant_name": f"{TAG}{serial}",
        "complainant_phone": f"139{serial:08d}",
        "content": "保养后发动机异响，返修一次未解决。",
        "category": "repair_quality",
        "amount_claimed": "0",
        "people_count": "1",
    }
    status, html, location = run.timed("register", browser, "POST", "/admin/complaint/new/", form)
    if status == 302:
        run.count("register:done")
    elif status is not None:
        run.error("register", f"HTTP {status} (not saved)")


def edit_hot(run: Run, browser: Browser, rng: random.Random) -> None:
    complaint = rng.choice(run.pools["hot"])
    path = f"/admin/complaint/edit/?id={complaint}"
    status, html, _ = run.timed("edit_form", browser, "GET", path)
    if status != 200:
        return run.error("edit", f"form HTTP {status}")
    form = read_form(html)
    form["complainant_address"] = f"{TAG}地址{run.next_serial()}"
    time.sleep(rng.random() * 0.2)  # the user types
    status, html, _ = run.timed("edit", browser, "POST", path, form)
    if status == 302:
        run.count("edit:done")
        with run.lock:
            run.edits[complaint] += 1
            run.edited_from[complaint].append(form.get("_row_version", "").split(":")[0])
    elif status == 200 and "已被他人修改" in html:
        run.count("edit:conflict")
    elif status is not None:
        run.error("edit", f"HTTP {status} without the locking message")


def propose(run: Run, browser: Browser, rng: random.Random) -> None:
    complaint = rng.choice(run.pools["investigating"])
    status, html, _ = run.timed("view", browser, "GET", f"/admin/complaint/details/?id={complaint}")
    if status != 200:
        return run.error("propose", f"page HTTP {status}")
    form = {
        "csrf_token": token(html),
        "op": "propose",
        "kind": "compensation",
        "amount": str(rng.choice((800, 1200, 1500))),
        "description": f"{TAG}方案{run.next_serial()}",
    }
    status, _, _ = run.timed("propose", browser, "POST", f"/admin/complaint/step/{complaint}", form)
    if status == 302:
        run.count("propose:done")
        with run.lock:
            run.proposed.append(complaint)
    elif status == 422:
        run.count("propose:refused")
    elif status is not None:
        run.error("propose", f"HTTP {status}")


def approve(run: Run, browser: Browser, rng: random.Random) -> None:
    with run.lock:
        complaint = run.proposed.pop(rng.randrange(len(run.proposed))) if run.proposed else None
    if complaint is None:
        return browse(run, browser, rng)
    status, html, _ = run.timed("view", browser, "GET", f"/admin/complaint/details/?id={complaint}")
    if status != 200:
        return run.error("approve", f"page HTTP {status}")
    remedy_ids = REMEDY_IDS.findall(html)
    if not remedy_ids:
        return run.count("approve:already_decided")
    form = {
        "csrf_token": token(html),
        "op": "decide",
        "remedy_id": rng.choice(remedy_ids),
        "decision": "approve",
    }
    status, _, _ = run.timed("approve", browser, "POST", f"/admin/complaint/step/{complaint}", form)
    if status == 302:
        run.count("approve:done")
    elif status == 422:
        run.count("approve:conflict")  # decided by another manager a moment earlier
    elif status is not None:
        run.error("approve", f"HTTP {status}")


ROLES = (
    # share of the users, login name, what they do (weights)
    (0.40, "clerk", ((browse, 6), (register, 2), (edit_hot, 2))),
    (0.30, "advisor", ((browse, 6), (propose, 4))),
    (0.10, "deptmgr", ((browse, 5), (approve, 5))),
    (0.10, "svcmgr", ((browse, 5), (approve, 5))),
    (0.05, "gm", ((browse, 1),)),
    (0.05, "auditor", ((browse, 1),)),
)


def user(run: Run, port: int, username: str, actions, seed: int) -> None:
    rng = random.Random(seed)
    browser = Browser(port)
    status, html, _ = browser.request("GET", "/login")
    status, _, _ = browser.request(
        "POST", "/login", {"username": username, "password": "Demo1234", "csrf_token": token(html)}
    )
    if status != 302:
        return run.error("login", f"{username}: HTTP {status}")
    steps, weights = zip(*actions, strict=True)
    while time.monotonic() < run.deadline:
        rng.choices(steps, weights)[0](run, browser, rng)
        if run.think:
            time.sleep(rng.random() * run.think)


def read_form(html: str) -> dict[str, str]:
    """The edit form's fields as a browser posts them (inputs, selected options, text areas)."""
    start = html.find('name="_row_version"')
    begin = html.rfind("<form", 0, start)
    end = html.find("</form>", start)
    block = html[begin:end]
    form = {}
    for tag in re.findall(r"<input[^>]*>", block):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ("submit", "button", "file")):
            continue
        if kind and kind.group(1) == "checkbox" and "checked" not in tag:
            continue
        form[name.group(1)] = _unescape(value.group(1)) if value else ""
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', block, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"', options) or re.search(
            r'<option[^>]*value="([^"]*)"[^>]*selected', options
        )
        form[name] = _unescape(chosen.group(1)) if chosen else ""
    for name, text in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', block, re.S
    ):
        form[name] = _unescape(text.removeprefix("\n"))
    return form


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


# --- set-up, server, checks ---------------------------------------------------------------


def prepare(url: str, history: int, investigating: int) -> dict:
    """Migrate, load the demo data and history, make complaints to work on; return the pools."""
    from sqlalchemy import select

    from panel.complaints import operations as process
    from panel.complaints.models import Complaint
    from panel.core.actor import acting_as
    from panel.core.extensions import db
    from panel.demo.generator.command import generate
    from panel.organisation.models.department import Department
    from panel.organisation.models.staff import Staff
    from panel.organisation.models.user import Role, User

    app = panel_app(url)
    with app.app_context():
        if history:
            generate(history)
        users = {u.username: u for u in db.session.scalars(select(User))}
        after_sales = db.session.scalar(select(Department).filter_by(code="SH"))
        staff = db.session.scalars(
            select(Staff).where(
                Staff.department_id == after_sales.id,
                Staff.id.not_in([u.staff_id for u in users.values() if u.staff_id]),
                Staff.is_driver.is_(False),
            )
        ).all()
        made = []
        for index in range(investigating):
            complaint = Complaint(
                channel="hotline",
                complainant_name=f"待处理{index}",
                complainant_phone=f"138{index:08d}",
                plate_number=f"川A{index % 1000:03d}{'BCDEFGHJKL'[index % 10]}{index % 10}",
                content="保养后发动机异响",
                category="repair_quality",
                complained_department=after_sales,
                complained_staff=staff[index % len(staff)],
            )
            db.session.add(complaint)
            with acting_as(users["clerk"]):
                db.session.flush()
            process.dispatch(db.session, complaint, users["clerk"], after_sales)
            process.start_investigation(db.session, complaint, users["deptmgr"], users["advisor"])
            made.append(complaint.id)
        db.session.commit()
        numbers = db.session.scalars(select(Complaint.number).limit(200)).all()
        plates = db.session.scalars(
            select(Complaint.plate_number).where(Complaint.plate_number.is_not(None)).limit(200)
        ).all()
        assert all(u in users for u in ("clerk", "advisor", "deptmgr", "svcmgr", "gm"))
        assert Role.AUDITOR in {u.role for u in users.values()}
        db.session.remove()
        db.engine.dispose()
    rng = random.Random(5)
    return {
        "investigating": made,
        "viewable": made,  # reachable by every role (the advisor's own department)
        "hot": made[:8],
        "search_terms": [n[:11] for n in rng.sample(numbers, 50)]
        + [p[:4] for p in rng.sample(plates, 50)]
        + ["138000", "待处理1"],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(url: str, workers: int):
    port = free_port()
    instance = tempfile.mkdtemp(prefix="panel-load-")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(32),
        "PANEL_ENV": "development",
        "PANEL_INSTANCE_PATH": instance,
    }
    log = open(Path(instance) / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
            "--timeout", "120", "--graceful-timeout", "5", "wsgi:app",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/login")
                if connection.getresponse().status == 200:
                    break
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {log.name}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def lost_updates(url: str, run: Run) -> list[str]:
    """What the users were told was done but the database does not hold, or the reverse."""
    from sqlalchemy import create_engine, func, select

    from panel.complaints.models import Complaint
    from panel.core.audit.models import AuditEntry
    from panel.remedies.models import Remedy, RemedyStatus

    engine = create_engine(url)
    problems = []
    with engine.connect() as db:
        registered = db.scalar(
            select(func.count()).where(Complaint.complainant_name.like(f"{TAG}%"))
        )
        proposed = db.scalar(select(func.count()).where(Remedy.description.like(f"{TAG}%")))
        approved = db.scalar(
            select(func.count()).where(
                Remedy.description.like(f"{TAG}%"), Remedy.status == RemedyStatus.APPROVED
            )
        )
        checks = [
            ("registrations", run.outcomes["register:done"], registered),
            ("proposals", run.outcomes["propose:done"], proposed),
            ("approvals", run.outcomes["approve:done"], approved),
        ]
        for complaint, saved in sorted(run.edits.items()):
            trail = db.scalars(
                select(AuditEntry.changes).where(
                    AuditEntry.table_name == "complaint",
                    AuditEntry.row_id == str(complaint),
                    AuditEntry.action == "update",
                )
            ).all()
            written = sum(1 for c in trail if f"{TAG}地址" in str(c.get("complainant_address")))
            checks.append((f"edits of complaint {complaint}", saved, written))
    engine.dispose()
    # Two saves that both started from the same version: the second overwrote the first.
    for complaint, versions in sorted(run.edited_from.items()):
        overwritten = len(versions) - len(set(versions))
        checks.append((f"saves of complaint {complaint} over an unseen change", 0, overwritten))
    for name, reported, stored in checks:
        print(f"  {name}: reported done {reported}, in the database {stored}")
        if reported != stored:
            problems.append(f"{name}: {reported} reported, {stored} stored")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--history", type=int, default=50_000)
    parser.add_argument("--investigating", type=int, default=300)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    with database(args.database_url, "panel_load") as url:
        pools = prepare(url, args.history, args.investigating)
        print(f"prepared: {args.history} complaints of history, {args.investigating} to work on")
        with gunicorn(url, args.workers) as port:
            run = Run(time.monotonic() + args.duration, args.think, pools)
            shares = [share for share, _, _ in ROLES]
            threads = []
            for index in range(args.users):
                _, username, actions = random.Random(index).choices(ROLES, shares)[0]
                thread = threading.Thread(target=user, args=(run, port, username, actions, index))
                threads.append(thread)
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
        problems = lost_updates(url, run)
    report(args, run, elapsed, problems)
    return 1 if run.errors or problems else 0


def report(args, run: Run, elapsed: float, problems: list[str]) -> None:
    every = [ms for samples in run.timings.values() for ms in samples]
    print(f"{len(every)} requests in {elapsed:.1f} s from {args.users} users")
    for step, samples in sorted(run.timings.items()):
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"  {step:14} {len(samples):6} req  median {statistics.median(samples):7.1f} ms"
            f"  p95 {p95:7.1f} ms"
        )
    for outcome, n in sorted(run.outcomes.items()):
        print(f"  {outcome}: {n}")
    for message in run.errors[:20]:
        print(f"  ERROR {message}")
    for message in problems:
        print(f"  LOST {message}")
    ordered = sorted(every) or [0.0]
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    conflicts = sum(n for k, n in run.outcomes.items() if k.endswith(("conflict", "refused")))
    print(
        f"users={args.users} duration_s={elapsed:.0f} requests={len(every)} "
        f"rps={len(every) / elapsed:.1f} p50_ms={statistics.median(ordered):.0f} "
        f"p95_ms={p95:.0f} errors={len(run.errors)} conflicts={conflicts} "
        f"lost_updates={len(problems)}"
    )


if __name__ == "__main__":
    sys.exit(main())
