"""Time the landing page of every role, and the approval list, at 1,000,000 complaints.

    .venv/bin/python benchmarks/landing.py [--complaints 1000000] [--runs 31]
        [--database-url postgresql+psycopg://...]   # reuse a database instead of a throwaway

Starts a throwaway PostgreSQL server (or uses ``--database-url``), migrates it, loads the demo
organisation and fills it with ``panel.demo.generator.command`` up to ``--complaints``. Then,
through
the app's request handling (Flask test client), it logs in as each demo user and times
``/admin/`` — the role's queue counts, department-scoped for the advisor and the department
manager — and, for the managers, the approval list ``/admin/approval/``; and, without the
page around them, the queries of each role's counts. The baseline, timed in the same process,
is the query of the landing page this replaced: one ``count(*)`` per status over the whole
table. Prints median and p95 per page and per role's counts; the last line is
``landing_max_ms=.. approval_max_ms=.. counts_max_ms=.. baseline_ms=.. ratio=..`` (slowest
role's page median, slowest approval list, slowest role's counts, the baseline's median, and
counts_max ÷ baseline).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database, fill_to, login, panel_app, percentile  # noqa: E402

USERS = ("clerk", "advisor", "deptmgr", "svcmgr", "gm", "auditor", "admin")
MANAGERS = ("deptmgr", "svcmgr", "gm")


def timed(call, runs: int) -> tuple[float, float]:
    for _ in range(2):  # warm caches and compiled statements
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def page(client, url: str):
    def get():
        response = client.get(url)
        assert response.status_code == 200, url

    return get


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    from sqlalchemy import func, select

    from panel.complaints import queues
    from panel.complaints.models import Complaint
    from panel.core.extensions import db
    from panel.organisation.models.user import User

    with database(args.database_url) as url:
        app = panel_app(url)
        with app.app_context():
            fill_to(db, args.complaints)
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()

            def baseline():
                db.session.execute(
                    select(Complaint.status, func.count()).group_by(Complaint.status)
                ).all()

            base = timed(baseline, args.runs)
            counted = {}
            for username in USERS:
                user = db.session.scalar(select(User).filter_by(username=username))

                def counts(user=user):
                    for queue in queues.queues_for(user):
                        queues.count(db.session, user, queue.name)

                counted[username] = timed(counts, args.runs)
                median, p95 = counted[username]
                print(f"{username + ' counts':16} median {median:7.1f} ms p95 {p95:7.1f}")
            db.session.remove()
        print(f"{'baseline':16} median {base[0]:7.1f} ms p95 {base[1]:7.1f}", flush=True)
        landing, approval = {}, {}
        for username in USERS:
            client = app.test_client()
            login(client, username)
            landing[username] = timed(page(client, "/admin/"), args.runs)
            line = f"{username + ' /admin/':16} median {landing[username][0]:7.1f} ms "
            line += f"p95 {landing[username][1]:7.1f}"
            if username in MANAGERS:
                approval[username] = timed(page(client, "/admin/approval/"), args.runs)
                line += f" | approval median {approval[username][0]:7.1f} ms "
                line += f"p95 {approval[username][1]:7.1f}"
            print(line, flush=True)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    slowest = max(median for median, _p95 in landing.values())
    slowest_approval = max(median for median, _p95 in approval.values())
    slowest_counts = max(median for median, _p95 in counted.values())
    print(
        f"landing_max_ms={slowest:.1f} approval_max_ms={slowest_approval:.1f} "
        f"counts_max_ms={slowest_counts:.1f} baseline_ms={base[0]:.1f} "
        f"ratio={slowest_counts / base[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
