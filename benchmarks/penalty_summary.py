"""Time the monthly reward/penalty summary and a staff ledger in PostgreSQL.

    .venv/bin/python benchmarks/penalty_summary.py [--complaints 300000] [--years 3] [--runs 7]

Starts a throwaway PostgreSQL server, migrates it, loads the demo organisation, then fills it in
SQL: complaints spread evenly over ``--years`` years ending last month, a penalty on every 20th
(a few revoked, a few under appeal), a responsibility finding on every 50th and a commendation
per 40 complaints. It times ``monthly_summary`` for the last full month and ``staff_ledger`` of
the most penalised person, and prints medians. As a baseline in the same process it builds that
person's month figures the first way this feature did: one ``tallies`` query set per month.
The last line is ``summary_ms=... ledger_ms=... baseline_ms=... ratio=...`` (ratio = ledger over
baseline).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database, median_ms, panel_app  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

FILL = [
    """
    INSERT INTO complaint (number, received_at, channel, complainant_name, content, read_back,
        amount_claimed, people_count, flag_safety, flag_injury, flag_media, flag_lawyer,
        flag_police, flag_consumer_association, flag_government, flag_repeat_repair,
        flag_lawsuit, category, severity, severity_computed, urgency, status, fault,
        fault_evidence, complained_staff_id, reopen_count, version_id, created_at, updated_at)
    SELECT 'B' || lpad(i::text, 12, '0'), received_at, 'hotline', '测试', '基准测试投诉', true,
           0, 1, false, false, false, false, false, false, false, false, false,
           'service_attitude', 'general', 'general', 'normal', 'closed', 'ours', '监控',
           staff[1 + ((i / 20) * 7919 + i % 20) % cardinality(staff)], 0, 1, received_at,
           received_at
    FROM (SELECT i, CAST(:first AS timestamp) + make_interval(secs => i * :step) AS received_at,
                 (SELECT array_agg(id ORDER BY id) FROM staff WHERE staff_no LIKE 'E%') AS staff
          FROM generate_series(1, :count) AS i) AS base
    """,
    """
    INSERT INTO penalty (complaint_id, staff_id, offence_id, kind, points, major_demerit,
        circular, reason, status, proposed_at, decided_at, version_id, created_at, updated_at)
    SELECT c.id, c.complained_staff_id, (SELECT min(id) FROM penalty_offence), 'circular',
           5 + c.id % 11, c.id % 7 = 0, true, '基准', CASE WHEN c.id % 31 = 0 THEN 'revoked'
           WHEN c.id % 37 = 0 THEN 'appealed' ELSE 'approved' END, c.received_at,
           c.received_at + interval '2 days', 1, c.received_at, c.received_at
    FROM complaint c WHERE c.id % 20 = 0
    """,
    """
    INSERT INTO complaint_responsibility (complaint_id, staff_id, named_at, created_at,
        updated_at)
    SELECT c.id, c.complained_staff_id, c.received_at, c.received_at, c.received_at
    FROM complaint c WHERE c.id % 50 = 0
    """,
    """
    INSERT INTO commendation (staff_id, received_at, content, points, version_id, created_at,
        updated_at)
    SELECT c.complained_staff_id, c.received_at, '服务热情', c.id % 6, 1, c.received_at,
           c.received_at
    FROM complaint c WHERE c.id % 40 = 0
    """,
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=300_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from panel.core.extensions import db
    from panel.organisation.models.staff import Staff
    from panel.penalties.ledger import monthly_figures, staff_ledger
    from panel.penalties.models import Penalty
    from panel.penalties.summary import monthly_summary, tallies

    today = date.today()
    month = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    first = datetime(month.year - args.years, month.month, 1)
    seconds = (datetime(today.year, today.month, 1) - first).total_seconds()

    with database(None) as url:
        app = panel_app(url)
        with app.app_context():
            started = time.perf_counter()
            with db.engine.begin() as connection:
                for statement in FILL:
                    connection.execute(
                        text(statement),
                        {
                            "first": first,
                            "step": seconds / args.complaints,
                            "count": args.complaints,
                        },
                    )
                connection.execute(text("ANALYZE"))
            print(f"filled {args.complaints:,} complaints in {time.perf_counter() - started:.1f} s")

            session = db.session
            summary = monthly_summary(session, month.year, month.month)
            top = max(summary.staff, key=lambda row: row.tally.points)
            person = session.get(Staff, top.staff_id)

            def baseline():
                figures = monthly_figures(session, person)
                for first_day in figures:
                    following = date(
                        first_day.year + first_day.month // 12, first_day.month % 12 + 1, 1
                    )
                    tallies(session, first_day, following, {person.id})

            def summarise():
                monthly_summary(session, month.year, month.month)
                session.expire_all()

            def ledger():
                staff_ledger(session, person)
                session.expire_all()

            summary_ms = median_ms(summarise, args.runs)
            ledger_ms = median_ms(ledger, args.runs)
            baseline_ms = median_ms(baseline, args.runs)
            penalties = session.scalar(select(func.count()).select_from(Penalty))
            print(
                f"{penalties:,} penalties; month {month:%Y-%m}: {summary.total.penalties} in "
                f"force, {summary.total.points} points, {len(summary.staff)} people"
            )
            print(f"monthly_summary  median {summary_ms:8.1f} ms")
            print(f"staff_ledger     median {ledger_ms:8.1f} ms ({person.name})")
            print(
                f"per-month        median {baseline_ms:8.1f} ms (baseline: figures month by month)"
            )
            db.session.remove()
            db.engine.dispose()
    print(
        f"summary_ms={summary_ms:.1f} ledger_ms={ledger_ms:.1f} baseline_ms={baseline_ms:.1f} "
        f"ratio={ledger_ms / baseline_ms:.2f}"
    )


if __name__ == "__main__":
    main()
