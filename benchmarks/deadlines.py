"""Time the deadlines of working time: a due time across National Day, and the overdue and
about-to-be-late queues at 1,000,000 complaints in PostgreSQL.

    .venv/bin/python benchmarks/deadlines.py [--complaints 1000000] [--runs 15] [--due-runs 1000]
    .venv/bin/python benchmarks/deadlines.py --database postgresql+psycopg://...  # keep the fill

1. ``due_at`` on the calendar as the panel loads it (``panel.worktime.store``, with the
   office hours of the database) across the National Day holiday of 2026, as
   ``benchmarks/worktime_calc.py`` times it (eight starts × four limits, ``--due-runs`` each).
2. A throwaway PostgreSQL (or ``--database``), migrated, with the demo organisation and
   generated history (``panel.demo.generator``: years of complaints walked through the process,
   due times in working time, the latest still open) up to ``--complaints``. Then the landing
   page's counts as the clerk sees them (the whole company) and as the department manager sees
   them (one department): ``overdue`` (a missed step or resolution deadline) and ``due_soon``
   (due within two working hours), each the median of ``--runs`` after one warm-up, with the
   plan PostgreSQL chose.

Targets: due time ≤ 200 µs, each queue ≤ 20 ms. The last line is
``due_us=<median> overdue_ms=<median> neardue_ms=<median>`` (the clerk's counts).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database, fill_to, median_ms, panel_app  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402
from worktime_calc import measure  # noqa: E402


def explain(db, statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    rows = db.session.execute(text(f"EXPLAIN (ANALYZE, COSTS OFF) {compiled}")).scalars()
    return "\n".join(f"    {row}" for row in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--due-runs", type=int, default=1000)
    parser.add_argument("--database", help="an existing PostgreSQL URL (filled if short)")
    args = parser.parse_args()

    from panel.complaints import queues
    from panel.complaints.enums import OPEN_STATUSES
    from panel.complaints.models import Complaint
    from panel.core import clock
    from panel.core.extensions import db
    from panel.organisation.models.user import Role, User
    from panel.worktime import store

    with database(args.database, "panel_deadlines") as url:
        app = panel_app(url)
        with app.app_context():
            samples = measure(args.due_runs, store.office(db.session))
            due_us = statistics.median(samples)
            print(f"due_at: {len(samples)} calls, median {due_us:.1f} µs", flush=True)
            fill_to(db, args.complaints)
            db.session.execute(text("ANALYZE complaint"))
            db.session.commit()
            now = clock.now()
            total = db.session.scalar(select(func.count()).select_from(Complaint))
            opened = db.session.scalar(
                select(func.count()).where(Complaint.status.in_(OPEN_STATUSES))
            )
            print(f"{total} complaints, {opened} open, as of {now:%Y-%m-%d %H:%M}", flush=True)
            result = {}
            for role in (Role.CLERK, Role.DEPT_MANAGER):
                user = db.session.scalar(select(User).filter_by(role=role).order_by(User.id))
                for name in ("overdue", "due_soon"):
                    count = queues.count(db.session, user, name, now)
                    result[(role, name)] = median_ms(
                        lambda u=user, n=name: queues.count(db.session, u, n, now), args.runs
                    )
                    db.session.rollback()
                    took = result[(role, name)]
                    print(f"{role.value:12} {name:9} {count:7} rows  {took:6.2f} ms")
                    if role is Role.CLERK:
                        statement = queues.queue_statement(db.session, user, name, now)
                        counted = select(func.count()).select_from(statement.subquery())
                        print(explain(db, counted), flush=True)
            db.session.remove()
            db.engine.dispose()
    overdue, soon = result[(Role.CLERK, "overdue")], result[(Role.CLERK, "due_soon")]
    print(f"due_us={due_us:.1f} overdue_ms={overdue:.2f} neardue_ms={soon:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
