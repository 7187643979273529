"""The queues that working time adds to the landing pages (``panel.complaints.queues``).

Each is a SQL condition on the stored due times, so a count stays an index range scan at a
million complaints; only "due soon" needs the calendar, to find where two working hours from
now end (computed once in Python, then a plain bound).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import Session

from panel.access.roles import FRONT_DESK
from panel.complaints.enums import OPEN_STATUSES, Status, Urgency
from panel.complaints.models import Complaint
from panel.organisation.models.user import User
from panel.worktime.clocks import RESOLVING
from panel.worktime.policies import due_soon_limit

C = Complaint
# The duty manager's queue (001 1.4): who answers the phone out of hours. Every manager may be
# on duty; the clerks see what is waiting for them.
DUTY_ROLES = FRONT_DESK
# Urgent complaints registered out of hours wait in the duty queue until someone is on it.
DUTY_STATES = frozenset({Status.REGISTERED, Status.DISPATCHED, Status.REOPENED})


def due_soon(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    """Not overdue yet, but the step or the resolution falls due within two working hours
    (the setting ``worktime.due_soon_minutes``)."""
    soon = due_soon_limit(session, now)
    step_ok = or_(C.step_due_at.is_(None), C.step_due_at >= now)
    resolving = C.status.in_(RESOLVING)
    resolve_ok = or_(~resolving, C.resolve_due_at.is_(None), C.resolve_due_at >= now)
    return and_(
        C.status.in_(OPEN_STATUSES),
        or_(
            and_(C.step_due_at >= now, C.step_due_at < soon),
            and_(resolving, C.resolve_due_at >= now, C.resolve_due_at < soon),
        ),
        step_ok,
        resolve_ok,
    )


def duty(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    """Urgent complaints received out of hours that nobody is investigating yet."""
    return and_(
        C.urgency == Urgency.URGENT,
        C.out_of_hours.is_(True),
        C.status.in_(DUTY_STATES),
    )


def regulator(session: Session, user: User, now: datetime) -> ColumnElement[bool]:
    """Transferred complaints whose reply to the regulator is still owed (oldest due first in
    the list's sort by receipt)."""
    return and_(C.regulator_reply_due_at.is_not(None), C.regulator_replied_at.is_(None))
