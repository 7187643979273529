"""Flush-time rules of working time, on every write path (panel, CLI, imports, scripts).

* The calendar (days, hours, calendars) is the administrator's; any change gives every
  calendar a new revision, so every process rebuilds it on its next look-up.
* Pause records are written by the process rules only and, like reviews, never changed or
  deleted.
* A review of a pending matter: by the front desk or the complaint's handler, while it is
  pending, with a conclusion and a later next review date, which becomes the step's due time.
* A transferred complaint edited after registration (channel, authority, time received)
  gets its reply-to-regulator due time and its out-of-hours mark again.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from panel.access.roles import FRONT_DESK, HANDLERS
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import current_actor
from panel.core.errors import RuleError
from panel.organisation.models.user import Role
from panel.worktime import clocks, store
from panel.worktime.calendar import WorkingCalendar
from panel.worktime.models import (
    OFFICE,
    ROUND_THE_CLOCK,
    ComplaintPause,
    PendingReview,
    WorkCalendar,
    WorkDay,
    WorkHours,
    new_revision,
)
from panel.worktime.rules import is_business_time

CALENDAR_TABLES = (WorkCalendar, WorkHours, WorkDay)
INTAKE_KEYS = ("channel", "regulator_name", "received_at")


def before_flush(session: Session, _context, _instances) -> None:
    actor = current_actor()
    _calendar_changes(session, actor)
    _pauses(session)
    for review in [o for o in session.new if isinstance(o, PendingReview)]:
        check_review(session, review, actor)
    for obj in session.dirty:
        if isinstance(obj, PendingReview) and session.is_modified(obj):
            raise RuleError(_("A recorded review cannot be changed; record a new one."))
        if isinstance(obj, Complaint) and obj not in session.new:
            _intake_changed(session, obj)


def _changed(obj, *keys) -> bool:
    return any(get_history(obj, key).has_changes() for key in keys)


def _calendar_changes(session: Session, actor) -> None:
    touched = [
        o
        for o in list(session.new) + list(session.dirty) + list(session.deleted)
        if isinstance(o, CALENDAR_TABLES)
    ]
    touched = [
        o for o in touched if o in session.new or o in session.deleted or session.is_modified(o)
    ]
    if not touched:
        return
    if actor is not None and actor.role is not Role.ADMIN:
        raise RuleError(_("Only the administrator keeps the working calendar."))
    for hours in [o for o in touched if isinstance(o, WorkHours) and o not in session.deleted]:
        _check_hours(hours)
    for calendar in [o for o in touched if isinstance(o, WorkCalendar)]:
        codes = {calendar.code, *(get_history(calendar, "code").deleted or ())}
        renamed = calendar not in session.new and _changed(calendar, "code")
        if codes & {OFFICE, ROUND_THE_CLOCK} and (calendar in session.deleted or renamed):
            raise RuleError(_("The office and 24×7 calendars are needed by the rules."))
    with session.no_autoflush:
        for calendar in session.scalars(select(WorkCalendar)):
            calendar.revision = new_revision()
    for calendar in [o for o in session.new if isinstance(o, WorkCalendar)]:
        calendar.revision = new_revision()
    store.forget(session)


def _check_hours(hours: WorkHours) -> None:
    lunch = (hours.lunch_starts, hours.lunch_ends)
    if any(lunch) and not all(lunch):
        raise RuleError(_("Give both ends of the lunch break, or neither."), "lunch_starts")
    try:
        WorkingCalendar.from_data(
            hours={hours.weekday: (hours.opens, hours.closes)},
            lunch={hours.weekday: lunch} if all(lunch) else None,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise RuleError(
            _("Business hours must open before they close, the lunch break inside them."),
            "closes",
        ) from exc


def _pauses(session: Session) -> None:
    ours = session.info.get(clocks.RULE_WRITES, set())
    changed = list(session.new) + [o for o in session.dirty if session.is_modified(o)]
    for obj in changed:
        if isinstance(obj, ComplaintPause) and obj not in ours:
            raise RuleError(_("Pauses are recorded by the process itself (未了事宜)."))
    for obj in session.deleted:
        if isinstance(obj, ComplaintPause | PendingReview):
            raise RuleError(_("Complaint records are archived, never deleted."))


def check_review(session: Session, review: PendingReview, actor) -> None:
    """A monthly review of a pending matter (001: 每月复查未了事宜)."""
    complaint = review.complaint
    if actor is None:
        raise RuleError(_("No acting user: reviews are recorded on behalf of a named user."))
    handler = actor.role in HANDLERS and complaint is not None and complaint.handler_id == actor.id
    if actor.role not in FRONT_DESK and not handler:
        raise RuleError(_("Pending matters are reviewed by the clerks, a manager or the handler."))
    if complaint is None or complaint.status is not Status.PENDING_CUSTOMER:
        raise RuleError(_("Only a complaint pending on the customer is reviewed here."))
    if not (review.conclusion or "").strip():
        raise RuleError(_("Write the conclusion of the review."), "conclusion")
    review.reviewed_at = review.reviewed_at or clock.now()
    review.reviewed_by = actor
    if review.next_review_on is None or review.next_review_on <= review.reviewed_at.date():
        raise RuleError(_("The next review date must be after today."), "next_review_on")
    complaint.step_due_at = clocks.review_due(session, review.next_review_on)


def _intake_changed(session: Session, complaint: Complaint) -> None:
    if not session.is_modified(complaint, include_collections=False):
        return
    if not _changed(complaint, *INTAKE_KEYS) or complaint.received_at is None:
        return
    complaint.regulator_reply_due_at = clocks.regulator_due(session, complaint)
    if _changed(complaint, "received_at"):
        office = store.office(session)
        complaint.out_of_hours = not is_business_time(complaint.received_at, office)


def after_flush(session: Session, _context) -> None:
    session.info.pop(clocks.RULE_WRITES, None)


def install() -> None:
    """Attach the hooks to every session (idempotent)."""
    for name, function in (("before_flush", before_flush), ("after_flush", after_flush)):
        if not event.contains(Session, name, function):
            event.listen(Session, name, function)
