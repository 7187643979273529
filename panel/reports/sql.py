"""The few SQL pieces that differ between PostgreSQL and SQLite."""

from __future__ import annotations

from sqlalchemy import Boolean, Date, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class within_days(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """``later - earlier <= days`` to the second (exactly ``days`` days counts as within).

    An optional fourth argument is a number of seconds not to count (time paused while the
    complaint waited on the customer): ``later - earlier - seconds <= days``.
    """

    type = Boolean()
    inherit_cache = True
    name = "within_days"


@compiles(within_days, "postgresql")
def _within_days_pg(element, compiler, **kw):
    later, earlier, days, *offset = list(element.clauses)
    paused = f" + make_interval(secs => {compiler.process(offset[0], **kw)})" if offset else ""
    return (
        f"({compiler.process(later, **kw)} <= {compiler.process(earlier, **kw)} "
        f"+ make_interval(days => {compiler.process(days, literal_binds=True)}){paused})"
    )


@compiles(within_days)
def _within_days_default(element, compiler, **kw):
    later, earlier, days, *offset = list(element.clauses)
    paused = f" - {compiler.process(offset[0], **kw)}" if offset else ""
    return (
        f"(CAST(strftime('%s', {compiler.process(later, **kw)}) AS INTEGER) - "
        f"CAST(strftime('%s', {compiler.process(earlier, **kw)}) AS INTEGER){paused} "
        f"<= 86400 * {compiler.process(days, literal_binds=True)})"
    )


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """``count(CASE WHEN condition THEN 1 END)``: 0, not NULL, on no rows (both databases)."""
    return func.count(case((condition, 1)))


class month_start(FunctionElement):  # noqa: N801
    """The first day of a datetime's month, as a date (the rollup's month key)."""

    type = Date()
    inherit_cache = True
    name = "month_start"


@compiles(month_start, "postgresql")
def _month_start_pg(element, compiler, **kw):
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(month_start)
def _month_start_default(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"
