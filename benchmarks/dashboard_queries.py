"""Time the dashboard's queries on 1,000,000 complaints in PostgreSQL.

    .venv/bin/python benchmarks/dashboard_queries.py [--complaints 1000000] [--years 4] [--runs 7]

Starts a throwaway PostgreSQL server, migrates it, loads the demo organisation, then fills it
in SQL (INSERT ... SELECT generate_series): the complaints spread evenly over ``--years`` years
ending last month, about five transitions and one callback per complaint, a tenth of them
still open. The fill writes around the report rollup's triggers and recounts the rollup at
the end, as ``generate-data`` does (both times are printed).

It times ``panel.reports.figures.dashboard`` (every query the dashboard runs) for the last full
month and the last full year, company-wide and for one department, and prints medians. Two
baselines run in the same process: the same dashboards counting the steps and callbacks from
the rows instead of the rollup, and then also without the report indexes of migration 0004.
It also times what the rollup costs a write: single-row transition inserts with the triggers
on and off. The last line is ``month_ms=... year_ms=...`` (company-wide, as the panel runs);
the target is at most 500 ms each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database, median_ms, panel_app  # noqa: E402
from sqlalchemy import text  # noqa: E402

REPORT_INDEXES = (
    "ix_complaint_transition_report",
    "ix_callback_report",
    "ix_complaint_step_due_at",
    "ix_complaint_staff_received_at",
    "ix_complaint_report",
)

FILL_COMPLAINTS = """
WITH params AS (
    SELECT CAST(:first AS timestamp) AS first_at,
           CAST(:seconds AS double precision) / :count AS step,
           (SELECT array_agg(id ORDER BY id) FROM department) AS depts,
           (SELECT array_agg(id ORDER BY id) FROM staff) AS staff
), base AS (
    SELECT i, first_at + make_interval(secs => i * step) AS received_at,
           depts[1 + (i * 7) % cardinality(depts)] AS dept,
           staff[1 + (i * 13) % cardinality(staff)] AS staff_id,
           CAST((i * 2654435761) % 1000 AS int) AS r, CAST(:last_open AS timestamp) AS last_open
    FROM generate_series(1, :count) AS i, params
)
INSERT INTO complaint (
    number, received_at, channel, complainant_name, complainant_phone, content, read_back,
    amount_claimed, people_count, flag_safety, flag_injury, flag_media, flag_lawyer,
    flag_police, flag_consumer_association, flag_government, flag_repeat_repair, flag_lawsuit,
    category, severity, severity_computed, urgency, status, complained_department_id,
    complained_staff_id, responsible_department_id, step_due_at, closed_at, reopen_count,
    version_id, created_at, updated_at
)
SELECT 'B' || lpad(i::text, 12, '0'), received_at,
       (ARRAY['hotline','on_site','walk_in','letter_fax','website','wechat','oem_work_order',
              'regulator','callback'])[1 + r % 9],
       '测试', '13812345678', '基准测试投诉', true, 0, 1,
       false, false, false, false, false, false, false, false, false,
       (ARRAY['repair_quality','product_quality','parts_supply','service_attitude','pricing',
              'delay','driver_service','safety','lost_property','other'])[1 + (r / 9) % 10],
       (ARRAY['general','general','general','general','major','special_major'])[1 + r % 6],
       'general', 'normal',
       CASE WHEN r < 40 THEN 'invalid'
            WHEN r < 140 OR received_at > last_open THEN
                (ARRAY['registered','dispatched','investigating','awaiting_approval','replied',
                       'pending_customer','reopened'])[1 + r % 7]
            ELSE 'closed' END,
       dept, staff_id, dept,
       CASE WHEN r BETWEEN 40 AND 139 THEN received_at + interval '2 hours' END,
       CASE WHEN r < 40 THEN received_at + interval '3 hours'
            WHEN r >= 140 AND received_at <= last_open
                THEN received_at + make_interval(hours => 4 + (r * 7) % 300) END,
       CASE WHEN r % 20 = 0 THEN 1 ELSE 0 END,
       1, received_at, received_at
FROM base
"""

# Registration, dispatch, assignment, investigation, approval: five steps per complaint.
FILL_TRANSITIONS = """
INSERT INTO complaint_transition (complaint_id, from_status, to_status, at, due_at, on_time)
SELECT c.id, s.from_status, s.to_status, c.received_at + make_interval(mins => s.k * 90),
       c.received_at + make_interval(mins => s.k * 90 + 30 - (c.id % 10) * 5),
       (30 - (c.id % 10) * 5) >= 0
FROM complaint c
CROSS JOIN (VALUES (0, NULL, 'registered'), (1, 'registered', 'dispatched'),
                   (2, 'dispatched', 'investigating'),
                   (3, 'investigating', 'awaiting_approval'),
                   (4, 'awaiting_approval', 'approved')) AS s(k, from_status, to_status)
ORDER BY c.id, s.k
"""

FILL_CALLBACKS = """
INSERT INTO callback (complaint_id, at, satisfied)
SELECT id, closed_at - interval '1 hour', id % 10 <> 0 FROM complaint WHERE status = 'closed'
"""


def fill(db, complaints: int, years: int, today: date) -> None:
    from panel.reports import rollup
    from panel.reports.periods import add_months, first_of_month

    last = first_of_month(today)
    first = add_months(last, -12 * years)
    seconds = (
        datetime.combine(last, datetime.min.time()) - datetime.combine(first, datetime.min.time())
    ).total_seconds()
    started = time.perf_counter()
    with db.engine.begin() as connection, rollup.suspended(connection):
        connection.execute(
            text(FILL_COMPLAINTS),
            {
                "first": datetime.combine(first, datetime.min.time()),
                "seconds": seconds,
                "count": complaints,
                "last_open": datetime.combine(add_months(last, -1), datetime.min.time()),
            },
        )
        connection.execute(text(FILL_TRANSITIONS))
        connection.execute(text(FILL_CALLBACKS))
        written = time.perf_counter()
        print(f"rows written in {written - started:.0f} s", flush=True)
    print(f"rollup counted in {time.perf_counter() - written:.1f} s", flush=True)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("complaint", "complaint_transition", "callback")
        }
    print(f"filled in {time.perf_counter() - started:.0f} s: {counts}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from panel.core import clock
    from panel.core.extensions import db
    from panel.organisation.models.department import Department
    from panel.reports import queries
    from panel.reports.figures import dashboard
    from panel.reports.periods import period_of, previous_period

    with database(None) as url:
        app = panel_app(url)
        with app.app_context():
            today = clock.today()
            fill(db, args.complaints, args.years, today)
            month = previous_period("month", today)
            year = period_of("year", date(month.start.year - (month.start.month < 12), 1, 1))
            after_sales = db.session.scalar(db.select(Department.id).filter_by(code="SH"))

            def timings() -> dict[str, float]:
                result = {}
                for name, period in (("month", month), ("year", year)):
                    for scope, dept in (("", None), ("_dept", after_sales)):
                        result[f"{name}{scope}"] = median_ms(
                            lambda p=period, d=dept: dashboard(db.session, p, d), args.runs
                        )
                        db.session.rollback()
                return result

            board = dashboard(db.session, year)
            print(f"year {year.label}: {board.received} complaints received", flush=True)
            ours = timings()
            with mock.patch.object(queries, "_pieces", lambda start, end: [(start, end)]):
                from_rows = timings()  # steps and callbacks counted from the rows
                with db.engine.begin() as connection:
                    for name in REPORT_INDEXES:
                        connection.execute(text(f"DROP INDEX {name}"))
                bare = timings()  # ... and without the report indexes
            print("dashboard         ours | rows, no rollup | rows, no indexes")
            for key, value in ours.items():
                rows, no_index = from_rows[key], bare[key]
                print(
                    f"{key:12} {value:7.0f} ms | {rows:7.0f} ms x{rows / value:4.1f}"
                    f" | {no_index:7.0f} ms x{no_index / value:4.1f}"
                )
            write_cost(db)
            db.session.remove()
            db.engine.dispose()
    print(f"month_ms={ours['month']:.0f} year_ms={ours['year']:.0f}")
    return 0


def write_cost(db, inserts: int = 2000) -> None:
    """Median time of a one-row transition insert (its own statement) with the rollup's trigger
    on and off: what keeping the rollup costs each step a user takes."""
    statement = text(
        "INSERT INTO complaint_transition (complaint_id, from_status, to_status, at, due_at,"
        " on_time) VALUES (:id, 'registered', 'dispatched', now(), now(), true)"
    )
    result = {}
    with db.engine.connect() as connection:
        ids = connection.scalars(
            text("SELECT id FROM complaint ORDER BY id LIMIT :n"), {"n": inserts}
        )
        ids = list(ids)
        for state in ("ENABLE", "DISABLE", "ENABLE"):  # the first round warms the caches
            connection.execute(
                text(f"ALTER TABLE complaint_transition {state} TRIGGER report_rollup_step")
            )
            samples = []
            for complaint_id in ids:
                started = time.perf_counter()
                connection.execute(statement, {"id": complaint_id})
                samples.append((time.perf_counter() - started) * 1_000_000)
            result[state] = statistics.median(samples)
        connection.rollback()
    print(
        f"transition insert: {result['ENABLE']:.0f} µs with the rollup trigger,"
        f" {result['DISABLE']:.0f} µs without"
    )


if __name__ == "__main__":
    sys.exit(main())
