"""Monthly counts of the steps taken and callbacks made, kept by the database itself.

A year of history is a couple of million transitions; counting them on every dashboard costs
hundreds of milliseconds. ``report_rollup`` holds, per calendar month, per kind of fact (a step
that had a deadline, keyed by the state it left; a callback) and per pair of departments of the
complaint (complained about, responsible), how many there were and how many were on time or
satisfied.

Triggers keep it exact on every write path, ORM or not (migration ``0010_report_rollup``):

* a transition or callback inserted, changed or deleted adds or takes back its count;
* a complaint moved to another department moves its counts with it, so a department's figures
  are always those of the complaints it has now, as when they are counted from the rows;
* a complaint deleted takes its counts back before its rows go.

Bulk loaders that write around the triggers (``generate-data``) call :func:`rebuild`, which
counts everything again from the rows; :func:`suspended` switches the triggers off meanwhile.
The report queries read whole months from here and count the rest of a period from the rows
(:func:`whole_months`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    String,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from panel.complaints.history import Callback, ComplaintTransition
from panel.complaints.models import Complaint
from panel.core.extensions import db
from panel.reports.periods import add_months, first_of_month
from panel.reports.sql import month_start

STEP = "step"  # a transition that had a deadline; key: the state it left ("" = registration)
CALLBACK = "callback"  # a callback to the customer; key: ""
NONE = 0  # stands for "no department" in the key columns (department ids start at 1)

# The triggers of migration 0010_report_rollup on PostgreSQL, by table (SQLite has one per
# table and event: report_rollup_step_insert, …).
TRIGGERS = {
    "complaint_transition": ("report_rollup_step",),
    "callback": ("report_rollup_callback",),
    "complaint": ("report_rollup_complaint_moved", "report_rollup_complaint_deleted"),
}


class ReportRollup(db.Model):
    """How many steps (or callbacks) in a month, and how many of them on time (satisfied)."""

    __tablename__ = "report_rollup"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    fact: Mapped[str] = mapped_column(String(10), primary_key=True)
    key: Mapped[str] = mapped_column(String(32), primary_key=True, default="")
    complained_department_id: Mapped[int] = mapped_column(Integer, primary_key=True, default=NONE)
    responsible_department_id: Mapped[int] = mapped_column(Integer, primary_key=True, default=NONE)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)


def whole_months(start: datetime, end: datetime) -> tuple[date, date] | None:
    """The calendar months lying wholly within ``[start, end)``: ``(first, after_last)``."""
    first = first_of_month(start.date())
    if datetime.combine(first, datetime.min.time()) < start:
        first = add_months(first, 1)
    after = first_of_month(end.date())
    if after <= first:
        return None
    return first, after


def counts(
    session: Session, fact: str, first: date, after: date, department_id: int | None
) -> dict[str, tuple[int, int]]:
    """``{key: (hits, total)}`` of the months ``first`` up to (not including) ``after``."""
    r = ReportRollup
    statement = (
        select(r.key, func.sum(r.hits), func.sum(r.total))
        .where(r.fact == fact, r.month >= first, r.month < after)
        .group_by(r.key)
        .having(func.sum(r.total) != 0)  # a count taken back to nothing is no count
    )
    if department_id is not None:
        statement = statement.where(
            or_(
                r.complained_department_id == department_id,
                r.responsible_department_id == department_id,
            )
        )
    return {key: (int(hits), int(total)) for key, hits, total in session.execute(statement)}


def _contributions():
    """Every count the rows imply, as (month, fact, key, departments, hits, total)."""
    departments = (
        func.coalesce(Complaint.complained_department_id, NONE),
        func.coalesce(Complaint.responsible_department_id, NONE),
    )
    t = ComplaintTransition
    steps = (
        select(
            month_start(t.at),
            literal(STEP),
            func.coalesce(type_coerce(t.from_status, String), ""),
            *departments,
            func.count(case((t.on_time.is_(True), 1))),
            func.count(),
        )
        .join(Complaint, Complaint.id == t.complaint_id)
        .where(t.due_at.is_not(None))
        .group_by(month_start(t.at), t.from_status, *departments)
    )
    callbacks = (
        select(
            month_start(Callback.at),
            literal(CALLBACK),
            literal(""),
            *departments,
            func.count(case((Callback.satisfied.is_(True), 1))),
            func.count(),
        )
        .join(Complaint, Complaint.id == Callback.complaint_id)
        .group_by(month_start(Callback.at), *departments)
    )
    return union_all(steps, callbacks)


def rebuild(connection: Connection) -> int:
    """Count everything again from the rows; returns the number of rollup rows."""
    table = ReportRollup.__table__
    connection.execute(delete(table))
    columns = [
        table.c.month,
        table.c.fact,
        table.c.key,
        table.c.complained_department_id,
        table.c.responsible_department_id,
        table.c.hits,
        table.c.total,
    ]
    connection.execute(insert(table).from_select(columns, _contributions()))
    return connection.scalar(select(func.count()).select_from(table))


def differences(connection: Connection) -> int:
    """How many rollup rows differ from a count made now from the rows (0: it is exact)."""
    table = ReportRollup.__table__
    kept = {tuple(row) for row in connection.execute(select(table).where(table.c.total != 0))}
    counted = {tuple(row) for row in connection.execute(_contributions())}
    return len(kept ^ counted)


@contextlib.contextmanager
def suspended(connection: Connection) -> Iterator[None]:
    """Switch the rollup triggers off for a bulk load (PostgreSQL; inside its transaction),
    then :func:`rebuild`. Elsewhere the triggers stay on and the rebuild only re-counts."""
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        for table, names in TRIGGERS.items():
            for name in names:
                connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
    yield
    if postgres:
        for table, names in TRIGGERS.items():
            for name in names:
                connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
    rebuild(connection)
