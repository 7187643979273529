"""The calendars of the database as :class:`WorkingCalendar` values, built once per change.

A calendar is built from its hours and the ``work_day`` rows and kept in a process-wide cache
keyed by ``(id, revision)``. Every change of days or hours gives every calendar a new random
revision (:mod:`panel.worktime.hooks`), so each gunicorn worker notices an edit on its next
look-up — one primary-key read — and an old entry can never be served again. Within one
session the built values are also remembered in ``session.info`` (cleared when the same session
edits the calendar), so the rules of one flush or request do not read it again.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.core.errors import RuleError
from panel.worktime.calendar import WorkingCalendar
from panel.worktime.models import OFFICE, DayKind, WorkCalendar, WorkDay, WorkHours

_CACHE: OrderedDict[tuple[int, str], WorkingCalendar] = OrderedDict()
_CACHE_SIZE = 16
MEMO = "worktime.calendars"


def forget(session: Session | None = None) -> None:
    """Drop the session's remembered calendars (and, without a session, the process cache)."""
    if session is None:
        _CACHE.clear()
    else:
        session.info.pop(MEMO, None)


def build(session: Session, row: WorkCalendar) -> WorkingCalendar:
    """The calendar of ``row`` from the database, uncached."""
    if row.round_the_clock:
        return WorkingCalendar.always_open()
    with session.no_autoflush:
        hours = session.scalars(select(WorkHours).filter_by(calendar_id=row.id)).all()
        days = session.execute(select(WorkDay.day, WorkDay.kind)).all()
    opening = {h.weekday: (h.opens, h.closes) for h in hours}
    if not opening:
        raise RuleError(
            _(
                "The calendar %(name)s has no business hours: enter them, or mark it 24×7.",
                name=row.name,
            )
        )
    lunch = {
        h.weekday: (h.lunch_starts, h.lunch_ends) for h in hours if h.lunch_starts and h.lunch_ends
    }
    rows = [(day, DayKind(kind).value) for day, kind in days]
    return WorkingCalendar.from_data(rows, hours=opening, lunch=lunch)


def calendar(session: Session, calendar_id: int) -> WorkingCalendar:
    """The working calendar with this id (cached, see the module docstring)."""
    found = session.info.setdefault(MEMO, {}).get(calendar_id)
    if found is not None:
        return found
    with session.no_autoflush:
        row = session.get(WorkCalendar, calendar_id)
    if row is None:
        raise LookupError(f"no working calendar {calendar_id}")
    return _remember(session, row)


def _remember(session: Session, row: WorkCalendar) -> WorkingCalendar:
    """The calendar of ``row``, from the process cache at its revision or built, and
    remembered for the session."""
    key = (row.id, row.revision)
    found = _CACHE.get(key)
    if found is None:
        found = build(session, row)
        _CACHE[key] = found
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    session.info.setdefault(MEMO, {})[row.id] = found
    return found


def _read_office(session: Session) -> WorkCalendar | None:
    """The office calendar's row (its id remembered for the session)."""
    with session.no_autoflush:
        row = session.scalar(select(WorkCalendar).filter_by(code=OFFICE))
    session.info.setdefault(MEMO, {})[OFFICE] = row.id if row is not None else None
    return row


def office_id(session: Session) -> int | None:
    memo = session.info.setdefault(MEMO, {})
    if OFFICE not in memo:
        _read_office(session)
    return memo[OFFICE]


def office(session: Session) -> WorkingCalendar:
    """The office calendar: business hours (非工作时间受理), "due soon" and the command line.

    Without one (an empty database) every weekday 08:30–17:30 and no holidays."""
    memo = session.info.setdefault(MEMO, {})
    with contextlib.suppress(RuleError):  # hours being re-entered: pages still show
        if OFFICE not in memo:  # first look in this session: the row and its revision at once
            row = _read_office(session)
            if row is not None:
                return _remember(session, row)
        elif memo[OFFICE] is not None:
            return calendar(session, memo[OFFICE])
    return WorkingCalendar.from_data()


def has_holidays(session: Session, year: int) -> bool:
    """Whether ``year`` has at least one public-holiday row (its notice was entered)."""
    span = WorkDay.day.between(date(year, 1, 1), date(year, 12, 31))
    statement = select(WorkDay.id).where(WorkDay.kind == DayKind.HOLIDAY, span).limit(1)
    with session.no_autoflush:
        return session.scalar(statement) is not None
