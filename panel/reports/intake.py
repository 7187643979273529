"""The complaint rate: valid complaints ÷ vehicles taken in (or trips, or vehicles in service)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.reports.measures import Figure, seed_figure
from panel.reports.models import IntakeKind, MonthlyIntake
from panel.reports.periods import Period, first_of_month


def intake_by_kind(
    session: Session, months: list, department_id: int | None
) -> dict[IntakeKind, dict]:
    """Entered counts per kind and month; a department sees the rows linked to it."""
    statement = select(MonthlyIntake.kind, MonthlyIntake.month, MonthlyIntake.count).where(
        MonthlyIntake.month.in_(months)
    )
    if department_id is not None:
        statement = statement.where(MonthlyIntake.department_id == department_id)
    table: dict[IntakeKind, dict] = defaultdict(lambda: defaultdict(int))
    for kind, month, count in session.execute(statement):
        table[kind][month] += count
    return table


def complaint_rates(
    session: Session,
    quarters: list[Period],
    valid_by_month: dict,
    department_id: int | None,
    as_of: datetime,
) -> list[Figure]:
    """One figure per quarter (and kind of intake); a quarter still running counts to date.

    A month without intake makes the quarter's figure empty with a note naming the month,
    rather than a rate that looks better than it is.
    """
    figures = []
    current = first_of_month(as_of.date())
    for quarter in quarters:
        months = [m for m in quarter.months if m <= current]
        if not months:
            continue
        label = quarter.label + ("" if quarter.end <= as_of.date() else str(_l(" (to date)")))
        valid = 0
        for month in months:
            row = valid_by_month.get((month.year, month.month))
            valid += row.received - row.invalid if row else 0
        intake = intake_by_kind(session, months, department_id)
        if not intake:
            figures.append(
                seed_figure(
                    session,
                    "complaint_rate",
                    valid,
                    None,
                    note=_l("No intake entered"),
                    period_label=label,
                )
            )
            continue
        for kind in IntakeKind:
            if kind not in intake:
                continue
            missing = [m for m in months if m not in intake[kind]]
            note = None
            if missing:
                note = _l(
                    "No intake entered for %(months)s",
                    months="、".join(f"{m:%Y-%m}" for m in missing),
                )
            denominator = None if missing else sum(intake[kind].values())
            figure = seed_figure(
                session, "complaint_rate", valid, denominator, note=note, period_label=label
            )
            if kind is not IntakeKind.VEHICLES_TAKEN_IN:
                figure.period_label = f"{label} · {kind.label}"
            figures.append(figure)
    return figures
