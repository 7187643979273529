"""The few SQL pieces that differ between PostgreSQL and SQLite."""

from __future__ import annotations

from sqlalchemy import Boolean, case, extract, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class within_days(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """``later - earlier <= days`` to the second (exactly ``days`` days counts as within)."""

    type = Boolean()
    inherit_cache = True
    name = "within_days"


@compiles(within_days, "postgresql")
def _within_days_pg(element, compiler, **kw):
    later, earlier, days = list(element.clauses)
    return (
        f"({compiler.process(later, **kw)} <= {compiler.process(earlier, **kw)} "
        f"+ make_interval(days => {compiler.process(days, **kw)}))"
    )


@compiles(within_days)
def _within_days_default(element, compiler, **kw):
    later, earlier, days = list(element.clauses)
    return (
        f"(CAST(strftime('%s', {compiler.process(later, **kw)}) AS INTEGER) - "
        f"CAST(strftime('%s', {compiler.process(earlier, **kw)}) AS INTEGER) "
        f"<= 86400 * {compiler.process(days, **kw)})"
    )


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """``count(CASE WHEN condition THEN 1 END)``: 0, not NULL, on no rows (both databases)."""
    return func.count(case((condition, 1)))


def year_month(column) -> tuple[ColumnElement, ColumnElement]:
    """Year and month of a datetime column, for grouping by month on both databases."""
    return extract("year", column), extract("month", column)
