"""Fill a database with years of complaint history: ``flask --app wsgi generate-data``.

Written for load and scale tests. By design the rows are written directly — PostgreSQL
``COPY``, SQLite multi-row inserts — and not through the session rules, which would take hours
for a million complaints; the rows are built to be what the rules would have produced
(:mod:`panel.demo.generator.history`): numbers ``TS-YYYYMMDD-NNNN`` continue each day's counter,
which is
moved on so that later registrations continue the sequence; transitions, due times, remedies
and their approvers, callbacks, penalties and an audit entry per complaint (marked
``generated``) match each complaint's state. Run it on a quiet database: registrations made
while it runs could take numbers it is about to write.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import click
from sqlalchemy import Connection, Index, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite

from panel.complaints.models import ComplaintNumberCounter
from panel.core import clock
from panel.core.extensions import db
from panel.demo.generator.history import COLUMNS, History, Ids
from panel.demo.generator.organisation import Organisation, forget
from panel.reports import rollup

DEFAULT_SEED = 20261123
# From this many complaints on, PostgreSQL's secondary indexes of the filled tables are dropped
# and built again after the load: one sorted build is many times faster than a million inserts.
REBUILD_FROM = 50_000


@dataclass
class Summary:
    rows: dict[str, int]
    seconds: float
    first: datetime
    last: datetime


def generate(
    count: int,
    years: float = 4,
    end: datetime | None = None,
    seed: int = DEFAULT_SEED,
    batch_size: int = 20_000,
    progress: Callable[[str], None] | None = None,
) -> Summary:
    """Write ``count`` complaints received over ``years`` up to ``end`` (default: now), with
    their history, in one transaction; then move the number counters and refresh statistics."""
    started = time.perf_counter()
    session = db.session
    forget()
    org = Organisation.load(session)
    end = (end or clock.now()).replace(microsecond=0) - timedelta(minutes=1)
    start = end - timedelta(days=365 * years)
    ids = Ids({table: _next_id(session.connection(), table) for table in COLUMNS})
    counters = {
        row.day: row.last_value
        for row in session.scalars(
            select(ComplaintNumberCounter).where(ComplaintNumberCounter.day >= start.date())
        )
    }
    history = History(org, count, start, end, ids, counters, seed)
    connection = session.connection()
    postgres = connection.dialect.name == "postgresql"
    write = _copy_rows if postgres else _insert_rows
    rebuilt = _drop_indexes(connection) if postgres and count >= REBUILD_FROM else []
    totals = dict.fromkeys(COLUMNS, 0)
    days: dict[date, int] = {}

    def write_batch(batch) -> None:
        for table in COLUMNS:
            write(connection, table, batch.rows[table])
            totals[table] += len(batch.rows[table])
        if progress:
            progress(f"{totals['complaint']:,} / {count:,}")

    # On PostgreSQL the next batch is generated while the server takes in the last one. The
    # report rollup's triggers wait; it is counted once from the rows at the end.
    with rollup.suspended(connection), ThreadPoolExecutor(max_workers=1) as writer:
        pending = None
        for batch in history.batches(batch_size):
            days.update(batch.last_number)
            if not postgres:
                write_batch(batch)
                continue
            if pending is not None:
                pending.result()
            pending = writer.submit(write_batch, batch)
        if pending is not None:
            pending.result()
    if rebuilt:
        if progress:
            progress(f"{totals['complaint']:,} / {count:,}, indexing")
        _create_indexes(connection, rebuilt)
    _move_counters(connection, days)
    _reset_sequences(connection)
    session.commit()
    forget()
    _analyze()
    return Summary(totals, time.perf_counter() - started, start, end)


def _next_id(connection: Connection, table: str) -> int:
    column = db.metadata.tables[table].c.id
    return (connection.scalar(select(func.max(column))) or 0) + 1


def _copy_rows(connection: Connection, table: str, rows: list[tuple]) -> None:
    if not rows:
        return
    columns = COLUMNS[table]
    json_at = columns.index("changes") if "changes" in columns else None
    raw = connection.connection.driver_connection
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            if json_at is not None:
                row = (*row[:json_at], json.dumps(row[json_at], ensure_ascii=False))
            copy.write_row(row)


def _insert_rows(connection: Connection, table: str, rows: list[tuple]) -> None:
    if rows:
        columns = COLUMNS[table]
        connection.execute(
            insert(db.metadata.tables[table]),
            [dict(zip(columns, row, strict=True)) for row in rows],
        )


def _drop_indexes(connection: Connection) -> list[Index]:
    """Drop the non-unique indexes of the tables about to be filled (same transaction)."""
    dropped = [
        index
        for table in COLUMNS
        for index in sorted(db.metadata.tables[table].indexes, key=lambda i: i.name)
        if not index.unique
    ]
    existing = set(
        connection.scalars(
            text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        )
    )
    dropped = [index for index in dropped if index.name in existing]
    for index in dropped:
        index.drop(connection)
    return dropped


def _create_indexes(connection: Connection, indexes: list[Index]) -> None:
    connection.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for index in indexes:
        index.create(connection)


def _move_counters(connection: Connection, days: dict[date, int]) -> None:
    """Each day's counter ends at the last number written, so registrations continue from it."""
    if not days:
        return
    table = ComplaintNumberCounter.__table__
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    rows = [{"day": day, "last_value": value} for day, value in sorted(days.items())]
    for chunk in range(0, len(rows), 1000):
        statement = dialect_insert(table).values(rows[chunk : chunk + 1000])
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.day],
            set_={"last_value": func.max(table.c.last_value, statement.excluded.last_value)}
            if connection.dialect.name == "sqlite"
            else {"last_value": func.greatest(table.c.last_value, statement.excluded.last_value)},
        )
        connection.execute(statement)


def _reset_sequences(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table in COLUMNS:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        )


def _analyze() -> None:
    """Fresh statistics and visibility maps: the list's index-only scans depend on them."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in COLUMNS:
                connection.execute(text(f"VACUUM ANALYZE {table}"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


@click.command("generate-data")
@click.option("--complaints", "count", type=click.IntRange(1), required=True)
@click.option("--years", type=click.FloatRange(0.01, 30), default=4, show_default=True)
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
@click.option("--end", type=click.DateTime(), help="Last receipt time (default: now).")
def generate_data_command(count: int, years: float, seed: int, end: datetime | None) -> None:
    """Write COUNT complaints of history (with transitions, remedies, callbacks, penalties and
    audit entries) directly into the database, for load and scale tests."""
    summary = generate(
        count, years, end, seed, progress=lambda line: click.echo(f"\r{line}", nl=False)
    )
    click.echo()
    rows = ", ".join(f"{table} {n:,}" for table, n in summary.rows.items())
    click.echo(
        f"{summary.first:%Y-%m-%d} – {summary.last:%Y-%m-%d}: {rows} in {summary.seconds:.0f} s"
    )
