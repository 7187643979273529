"""Working-time operations as the views, the command line and the demo call them: seeding the
calendar from the maintained libraries, pausing and resuming a complaint on the customer, and
recording the monthly review of a pending matter. The checks run at flush time."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.complaints import operations as process
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.complaints.rules.lifecycle import parked_from
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.organisation.models.user import User
from panel.worktime import sources
from panel.worktime.models import DayKind, PendingReview, WorkDay


class Seeded(NamedTuple):
    year: int
    source: str | None
    added: int
    kept: int


def seed_year(session: Session, year: int, replace: bool = False) -> Seeded:
    """Add the official days of ``year`` from the libraries (chinesecalendar, then holidays).

    Days already in the table are kept (an administrator may have corrected them) unless
    ``replace``. A year no library knows yet adds nothing: its ``source`` is ``None``.
    """
    source = sources.official_source(year)
    if source is None:
        return Seeded(year, None, 0, 0)
    existing = {
        row.day: row
        for row in session.scalars(
            select(WorkDay).where(WorkDay.day.between(date(year, 1, 1), date(year, 12, 31)))
        )
    }
    added = kept = 0
    for day, kind, name in sources.official_days(year):
        row = existing.get(day)
        if row is not None and not replace:
            kept += 1
            continue
        if row is None:
            row = WorkDay(day=day)
            session.add(row)
        row.kind, row.name, row.source = DayKind(kind), name[:60], source[:60]
        added += 1
    session.flush()
    return Seeded(year, source, added, kept)


def pause(
    session: Session, complaint: Complaint, actor: User, reason: str, at: datetime | None = None
) -> Complaint:
    """Put the complaint on the pending ledger (未了事宜): its clocks stop."""
    return process.move(session, complaint, Status.PENDING_CUSTOMER, actor, reason=reason, at=at)


def resume(
    session: Session, complaint: Complaint, actor: User, at: datetime | None = None
) -> Complaint:
    """Take the complaint back to the state it was parked from: its clocks go on with the
    working time they had left."""
    back = parked_from(session, complaint)
    if complaint.status is not Status.PENDING_CUSTOMER or back is None:
        raise RuleError(_("Only a complaint pending on the customer can resume."))
    return process.move(session, complaint, back, actor, at=at)


def record_review(
    session: Session,
    complaint: Complaint,
    actor: User,
    conclusion: str,
    next_review_on: date,
    at: datetime | None = None,
) -> PendingReview:
    """Record the monthly review of a pending matter; its next review becomes the due time."""
    review = PendingReview(
        complaint=complaint,
        conclusion=conclusion,
        next_review_on=next_review_on,
        reviewed_at=at or clock.now(),
    )
    session.add(review)
    with acting_as(actor):
        session.flush()
    return review
