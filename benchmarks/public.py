"""The customer pages and the work-order API under load: gunicorn on PostgreSQL.

    .venv/bin/python benchmarks/public.py [--history 1000000] [--users 100] [--lookups 30]
        [--think 0] [--orders 10000] [--api-clients 8] [--workers 4]
        [--database-url postgresql+psycopg://...]

Fills a throwaway PostgreSQL (or ``--database-url``) with ``--history`` generated complaints
(``panel.demo.generator``), starts gunicorn behind a trusted "proxy" header (each simulated
customer has an address of its own, so the per-address limit applies as in production) and:

1. ``--users`` customers at once, each with its own session, look up ``--lookups`` complaints
   (number + last four digits of the phone, the real form with its CSRF token), waiting a
   random 0–``--think`` seconds before each lookup (0: none, all at once): p50 and p95 of the
   lookup answer, and lookups a second;
2. ``--orders`` work orders posted to ``POST /api/v1/work-orders`` by ``--api-clients``
   source systems at once with one token; a fifth of them are repeats of orders already sent
   (some in flight at the same moment): work orders per second, and the duplicates created
   (complaints beyond one per distinct ticket; must be 0).

Last line: ``lookup_p50_ms=.. lookup_p95_ms=.. api_per_s=.. duplicates=..`` (and the same
with ``lookup_`` as the headline ``lookup_p95_ms=.. api_per_s=.. duplicates=..``).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database, fill_to, panel_app, percentile  # noqa: E402
from loadtest import CSRF, Browser, gunicorn  # noqa: E402


def prepare(url: str, history: int, samples: int) -> tuple[list[tuple[str, str]], str]:
    """Fill the database; return (number, last four digits) pairs to look up and an API token."""
    from sqlalchemy import select

    from panel.complaints.models import Complaint
    from panel.core.extensions import db
    from panel.intake import operations
    from panel.organisation.models.user import User
    from panel.public.rules import phone_tail

    app = panel_app(url)
    with app.app_context():
        fill_to(db, history)
        source = operations.source_coded(db.session, "12345")
        admin = db.session.scalar(select(User).filter_by(username="admin"))
        _token, secret = operations.issue_token(db.session, source, "压测", admin)
        db.session.commit()
        rows = db.session.execute(
            select(Complaint.number, Complaint.complainant_phone)
            .where(Complaint.complainant_phone.is_not(None))
            .order_by(Complaint.id.desc())
            .limit(samples * 20)
        ).all()
        db.session.remove()
        db.engine.dispose()
    rng = random.Random(14)
    picked = rng.sample(rows, min(samples, len(rows)))
    return [(number, phone_tail(phone)) for number, phone in picked], secret


class Customer(Browser):
    """A customer's phone: its own address (behind the trusted proxy), cookies, keep-alive."""

    def __init__(self, port: int, address: str) -> None:
        super().__init__(port)
        self.address = address

    def request(self, method: str, path: str, form: dict | None = None):
        original = self.connection.request

        def with_address(method, path, body=None, headers=None):
            headers = {**(headers or {}), "X-Forwarded-For": self.address}
            return original(method, path, body=body, headers=headers)

        self.connection.request = with_address
        try:
            return super().request(method, path, form)
        finally:
            if self.connection.request is with_address:
                self.connection.request = original


def customer(port, targets, rounds, think, timings, errors, lock, seed) -> None:
    rng = random.Random(seed)
    network = (int(RUN) + seed // 250) % 250  # another address each run: limits hold 15 min
    browser = Customer(port, f"10.{network}.{seed % 250}.{rng.randrange(1, 250)}")
    status, html, _ = browser.request("GET", "/track")
    token = CSRF.search(html).group(1)
    if think:
        time.sleep(rng.random() * think)  # customers arrive spread out, not all in one instant
    for _ in range(rounds):
        number, tail = rng.choice(targets)
        started = time.perf_counter()
        try:
            status, html, _ = browser.request(
                "POST", "/track", {"number": number, "tail": tail, "csrf_token": token}
            )
        except OSError as exc:
            with lock:
                errors.append(f"lookup: {exc}")
            continue
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            timings.append(elapsed)
            if status != 200 or number not in html or 'data-testid="progress"' not in html:
                errors.append(f"lookup {number}: HTTP {status}")
        if think:
            time.sleep(rng.random() * think)


def look_ups(port, targets, users, rounds, think, first=0) -> tuple[list[float], list[str]]:
    """``users`` customers (numbered from ``first``: each number its own address) at once."""
    timings, errors, lock = [], [], threading.Lock()
    threads = [
        threading.Thread(
            target=customer, args=(port, targets, rounds, think, timings, errors, lock, n)
        )
        for n in range(first, first + users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors


# Tickets and names of this run alone, so that a kept database (``--database-url``) can be
# measured again: every run posts new work orders and counts only its own.
RUN = time.strftime("%H%M%S")


def work_orders(count: int) -> list[dict]:
    """``count`` posts: distinct tickets, and every fifth one a repeat of an earlier ticket."""
    rng = random.Random(7)
    orders, distinct = [], []
    for n in range(count):
        if n % 5 == 4 and distinct:
            orders.append(rng.choice(distinct[-50:]))  # recent: often still in flight
            continue
        order = {
            "source": "12345",
            "ticket_no": f"BENCH-{RUN}-{n:06d}",
            "received_at": "2026-12-01T09:30:00+08:00",
            "reply_due_at": "2026-12-04T17:30:00+08:00",
            "complainant_name": f"压测{RUN}-{n}",
            "phone": f"139{(int(RUN) * 10_007 + n) % 10**8:08d}",
            "content": "12345 转办：维修后车辆仍有异响，要求重新检修。",
            "demand": "免费返修",
        }
        distinct.append(order)
        orders.append(order)
    return orders


def api_client(port, token, queue, results, lock) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    while True:
        with lock:
            if not queue:
                return
            order = queue.pop()
        body = json.dumps(order, ensure_ascii=False).encode()
        for attempt in (1, 2):
            try:
                connection.request("POST", "/api/v1/work-orders", body=body, headers=headers)
                response = connection.getresponse()
                payload = json.loads(response.read() or b"{}")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                if attempt == 2:
                    raise
        with lock:
            results.append((response.status, order["ticket_no"], payload.get("complaint_number")))


def post_orders(port, token, count, clients) -> tuple[float, list]:
    queue = list(reversed(work_orders(count)))
    results, lock = [], threading.Lock()
    threads = [
        threading.Thread(target=api_client, args=(port, token, queue, results, lock))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, results


def duplicates(url: str) -> int:
    """Complaints beyond one per distinct benchmark ticket."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        made = connection.execute(
            text("SELECT count(*) FROM complaint WHERE complainant_name LIKE :name"),
            {"name": f"压测{RUN}-%"},
        ).scalar()
        tickets = connection.execute(
            text("SELECT count(*) FROM work_order WHERE ticket_no LIKE :ticket"),
            {"ticket": f"BENCH-{RUN}-%"},
        ).scalar()
    engine.dispose()
    return made - tickets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--lookups", type=int, default=30)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--api-clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    os.environ["PANEL_TRUSTED_PROXIES"] = "1"  # each customer's own X-Forwarded-For
    with database(args.database_url, "panel_public_bench") as url:
        targets, token = prepare(url, args.history, 1000)
        print(f"{len(targets)} complaints to look up", flush=True)
        with gunicorn(url, args.workers) as port:
            look_ups(port, targets, 4, 5, 0, first=args.users)  # warm the workers (own addresses)
            started = time.perf_counter()
            timings, errors = look_ups(port, targets, args.users, args.lookups, args.think)
            rate = len(timings) / (time.perf_counter() - started)
            p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
            print(f"lookups: {len(timings)}, errors {len(errors)}, p50 {p50:.1f} ms, "
                  f"p95 {p95:.1f} ms, {rate:.0f} lookups/s", flush=True)  # fmt: skip
            for line in errors[:5]:
                print("  ", line)
            seconds, results = post_orders(port, token, args.orders, args.api_clients)
        statuses = {}
        for status, _ticket, _number in results:
            statuses[status] = statuses.get(status, 0) + 1
        per_second = len(results) / seconds
        dupes = duplicates(url)
        print(f"work orders: {len(results)} in {seconds:.1f} s, answers {statuses}", flush=True)
        print(
            f"lookup_p50_ms={p50:.1f} lookup_p95_ms={p95:.1f} api_per_s={per_second:.0f} "
            f"duplicates={dupes} lookup_errors={len(errors)}"
        )
        print(f"lookup_p95_ms={p95:.1f} api_per_s={per_second:.0f} duplicates={dupes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
