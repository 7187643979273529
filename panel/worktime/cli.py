"""``flask --app wsgi calendar``: look at the working calendar and compute due times.

flask --app wsgi calendar show 2026-10                 # each day of the month and its kind
flask --app wsgi calendar due "2026-09-30 17:00" 24h   # -> 2026-10-08 17:00
flask --app wsgi calendar due "2026-11-06 17:00" 2h    # 3d, 2h, 30m alike
flask --app wsgi calendar seed 2027                    # import a year from the libraries
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import click
from flask_babel import gettext as _
from sqlalchemy import select

from panel.core.extensions import db
from panel.worktime import operations, store
from panel.worktime.models import WEEKDAYS, DayKind, WorkCalendar, WorkDay
from panel.worktime.rules import due_at

_LIMIT = re.compile(r"^\s*(\d+)\s*(d|h|m|min)\s*$", re.IGNORECASE)
_UNITS = {"d": timedelta(hours=24), "h": timedelta(hours=1), "m": timedelta(minutes=1)}


def parse_limit(text: str) -> timedelta:
    """``3d`` (three working days = 72 h), ``24h``, ``2h``, ``30m`` / ``30min``."""
    match = _LIMIT.match(text)
    if not match:
        raise click.BadParameter(_("write the limit as 3d, 24h, 2h or 30m"), param_hint="LIMIT")
    number, unit = int(match.group(1)), match.group(2).lower()[0]
    return number * _UNITS[unit]


def _calendar(code: str):
    row = db.session.scalar(select(WorkCalendar).filter_by(code=code))
    if row is None:
        raise click.BadParameter(_("no calendar %(code)s", code=code), param_hint="--calendar")
    return row, store.calendar(db.session, row.id)


def _hours(intervals) -> str:
    def hhmm(us: int) -> str:
        minutes = us // 60_000_000
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    return " ".join(f"{hhmm(start)}–{hhmm(end)}" for start, end in intervals)


@click.group("calendar")
def calendar_group() -> None:
    """The working calendar: show a month, compute a due time, import a year."""


@calendar_group.command("show")
@click.argument("month")
@click.option("--calendar", "code", default="office", show_default=True)
def show(month: str, code: str) -> None:
    """Print each day of MONTH (YYYY-MM) with its kind and business hours."""
    try:
        first = datetime.strptime(month, "%Y-%m").date()
    except ValueError as exc:
        raise click.BadParameter(_("write the month as YYYY-MM"), param_hint="MONTH") from exc
    row, calendar = _calendar(code)
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    names = dict(
        db.session.execute(select(WorkDay.day, WorkDay.name).where(WorkDay.day >= first)).all()
    )
    click.echo(f"{row.name} {first:%Y-%m}")
    day = first
    while day < after:
        kind = calendar.day_kind(day)
        if row.round_the_clock:
            label = _("24×7")
        elif kind is not None:
            label = str(DayKind(kind).label)
        else:
            label = _("Working day") if calendar.is_working_day(day) else _("Day off")
        hours = _hours(calendar.intervals(day)) if calendar.is_working_day(day) else ""
        name = names.get(day, "") if kind is not None else ""
        line = f"{day:%Y-%m-%d} {WEEKDAYS[day.weekday()]} {label} {name} {hours}"
        click.echo(re.sub(r"\s+", " ", line).strip())
        day += timedelta(days=1)


@calendar_group.command("due")
@click.argument("start")
@click.argument("limit")
@click.option("--calendar", "code", default="office", show_default=True)
def due(start: str, limit: str, code: str) -> None:
    """Print when a step begun at START ("YYYY-MM-DD HH:MM") with LIMIT falls due."""
    try:
        begun = datetime.fromisoformat(start)
    except ValueError as exc:
        raise click.BadParameter(
            _("write the start as YYYY-MM-DD HH:MM"), param_hint="START"
        ) from exc
    _row, calendar = _calendar(code)
    click.echo(f"{due_at(begun, parse_limit(limit), calendar):%Y-%m-%d %H:%M}")


@calendar_group.command("seed")
@click.argument("year", type=int)
@click.option("--replace", is_flag=True, help="Overwrite days edited by hand.")
def seed(year: int, replace: bool) -> None:
    """Import the public holidays and make-up working days of YEAR from the libraries."""
    seeded = operations.seed_year(db.session, year, replace=replace)
    db.session.commit()
    if seeded.source is None:
        raise click.ClickException(
            _("The libraries do not know the holidays of %(year)s yet.", year=year)
        )
    click.echo(
        _(
            "%(year)s imported from %(source)s: %(added)d days added, %(kept)d kept.",
            year=year,
            source=seeded.source,
            added=seeded.added,
            kept=seeded.kept,
        )
    )
