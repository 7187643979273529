"""The time limits of the SLA table, each in the calendar its row names, and the settings of
working time (days to reply to each regulator, what "due soon" means)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from panel.complaints.enums import Severity, Urgency
from panel.organisation.models.sla import SlaPolicy, SlaStep
from panel.organisation.settings import get_setting, register_defaults, register_labels
from panel.worktime import store
from panel.worktime.calendar import WorkingCalendar
from panel.worktime.rules import due_at

REGULATOR_REPLY_DAYS = "worktime.regulator_reply_days"
DUE_SOON_MINUTES = "worktime.due_soon_minutes"
# One regulator a line: the names or hotline numbers that identify it (any of them, separated
# by "|", found in the transferring authority's name), "=", and the working days to reply.
DEFAULT_REGULATOR_REPLY_DAYS = "12345=3\n12328=3\n12315=3\n消协|消费者协会=3\n车管处|车管所=3"
register_defaults(
    {
        REGULATOR_REPLY_DAYS: (str, DEFAULT_REGULATOR_REPLY_DAYS),
        DUE_SOON_MINUTES: (int, 120),
    }
)
register_labels(
    {
        REGULATOR_REPLY_DAYS: (
            _l("Working days to reply to each regulator"),
            _l(
                "One line per regulator: its names or hotline numbers (any of them, separated "
                "by |), =, and the working days, e.g. 12345=3. Others: the deadline table."
            ),
        ),
        DUE_SOON_MINUTES: (
            _l("Due soon: working minutes before the due time"),
            _l("Shown apart from overdue on the landing pages and the case file."),
        ),
    }
)


@dataclass(frozen=True)
class Limit:
    """A step's limit and the calendar it counts in."""

    limit: timedelta
    calendar: WorkingCalendar

    def due(self, start: datetime) -> datetime:
        return due_at(start, self.limit, self.calendar)


# session.info key: the SLA rows, read once per transaction (a registration asks for five
# limits); held here, so the session's own unsaved changes to them are seen.
_ROWS = "panel.worktime.sla_rows"


def _policy_rows(session: Session) -> list[SlaPolicy]:
    rows = session.info.get(_ROWS)
    if rows is None:
        with session.no_autoflush:
            rows = session.info[_ROWS] = list(session.scalars(select(SlaPolicy)))
    return rows


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
@event.listens_for(Session, "persistent_to_deleted")
def _forget_policy_rows(session: Session, *_args) -> None:
    session.info.pop(_ROWS, None)


@event.listens_for(Session, "transient_to_pending")
def _policy_added(session: Session, instance) -> None:
    if isinstance(instance, SlaPolicy):
        session.info.pop(_ROWS, None)


def policy(
    session: Session, step: SlaStep, severity: Severity | None, urgency: Urgency | None
) -> SlaPolicy | None:
    """The most specific policy row for the step: severity and urgency, then either, then
    none; among equals the shortest limit."""
    best, best_score = None, -1
    for row in _policy_rows(session):
        if row.step != step:
            continue
        if row.severity not in (None, severity) or row.urgency not in (None, urgency):
            continue
        score = (row.severity is not None) * 2 + (row.urgency is not None)
        if score > best_score or (score == best_score and row.limit_minutes < best.limit_minutes):
            best, best_score = row, score
    return best


def limit_of(
    session: Session, step: SlaStep | None, severity: Severity | None, urgency: Urgency | None
) -> Limit | None:
    """The step's limit with its calendar; ``None`` when no row covers the step."""
    row = policy(session, step, severity, urgency) if step is not None else None
    if row is None:
        return None
    if row.calendar_id is None:
        calendar = store.office(session)
    else:
        calendar = store.calendar(session, row.calendar_id)
    return Limit(timedelta(minutes=row.limit_minutes), calendar)


def regulator_reply_days(session: Session, regulator_name: str | None) -> int | None:
    """The working days to reply to the transferring regulator, from the setting; ``None``
    when the setting names no such regulator (the SLA row's limit applies)."""
    name = (regulator_name or "").strip()
    for line in get_setting(session, REGULATOR_REPLY_DAYS).splitlines():
        keys, _, days = line.partition("=")
        if not days.strip().isdigit():
            continue
        if name and any(key.strip() and key.strip() in name for key in keys.split("|")):
            return int(days.strip())
    return None


def due_soon_limit(session: Session, now: datetime) -> datetime:
    """The end of "due soon": two working hours (the setting) from ``now``, office calendar."""
    minutes = get_setting(session, DUE_SOON_MINUTES)
    return due_at(now, timedelta(minutes=minutes), store.office(session))
