"""What the case file shows of a complaint's clocks: each due time with the time left, the
pause on the customer, the reply owed to a regulator and the out-of-hours mark.

"Due soon" means within two working hours (``worktime.due_soon_minutes``), the same bound as
the landing page's queue, so a badge and a count never disagree.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from panel.complaints.enums import OPEN_STATUSES, Status
from panel.complaints.models import Complaint
from panel.worktime.clocks import RESOLVING, open_pause
from panel.worktime.policies import due_soon_limit

CLOCKS = (
    ("step_due_at", _l("Current step due")),
    ("resolve_due_at", _l("Resolution due")),
    ("callback_due_at", _l("Callback due")),
)


def span_words(span: timedelta) -> str:
    """``2 d 3 h``, ``3 h 5 min`` or ``12 min`` (of the absolute span)."""
    minutes = abs(int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)d d %(h)d h", d=days, h=hours)
    if hours:
        return _("%(h)d h %(m)d min", h=hours, m=mins)
    return _("%(m)d min", m=mins)


def remaining(due: datetime, now: datetime, soon: datetime) -> tuple[str, str]:
    """Wall-clock time left until ``due`` in words, and ``overdue``, ``soon`` or ``ok``."""
    words = span_words(due - now)
    if due < now:
        return _("%(time)s overdue", time=words), "overdue"
    return _("%(time)s left", time=words), ("soon" if due < soon else "ok")


def _row(key: str, label, due: datetime, words: str, state: str) -> dict:
    return {"key": key, "label": label, "due": due, "left": words, "state": state}


def _running(complaint: Complaint, now: datetime, soon: datetime) -> list[dict]:
    rows = []
    for key, label in CLOCKS:
        due = getattr(complaint, key)
        if due is None:
            continue
        if key == "resolve_due_at" and complaint.status not in RESOLVING:
            continue  # answered: the resolution clock has stopped
        if key == "callback_due_at" and complaint.status is not Status.REPLIED:
            continue
        if key == "step_due_at" and complaint.status is Status.PENDING_CUSTOMER:
            label = _l("Next review of the pending matter")
        rows.append(_row(key, label, due, *remaining(due, now, soon)))
    return rows


def _paused(complaint: Complaint, now: datetime) -> list[dict]:
    pause = open_pause(complaint)
    since = pause.started_at if pause else complaint.paused_at
    if since is None:
        return []
    parts = []
    for seconds, label in (
        (pause.step_left_seconds if pause else None, _("step")),
        (pause.resolve_left_seconds if pause else None, _("resolution")),
    ):
        if seconds is not None:
            sign = "-" if seconds < 0 else ""
            parts.append(f"{label} {sign}{span_words(timedelta(seconds=seconds))}")
    words = _("paused %(time)s", time=span_words(now - since))
    if parts:
        words += _("; working time left on resuming: %(left)s", left=" / ".join(parts))
    return [_row("paused_at", _l("Waiting on the customer since"), since, words, "paused")]


def _regulator(complaint: Complaint, now: datetime, soon: datetime) -> list[dict]:
    due = complaint.regulator_reply_due_at
    if due is None:
        return []
    label = _l("Reply to regulator due")
    replied = complaint.regulator_replied_at
    if replied is not None:
        late = replied > due
        words = _("replied %(at)s", at=replied.strftime("%Y-%m-%d %H:%M"))
        if late:
            words += _(" (late)")
        return [_row("regulator_reply_due_at", label, due, words, "overdue" if late else "done")]
    return [_row("regulator_reply_due_at", label, due, *remaining(due, now, soon))]


def clock_rows(session: Session, complaint: Complaint, now: datetime) -> list[dict]:
    """The case file's deadline rows: ``key``, ``label``, ``due``, ``left`` (words) and
    ``state`` (``overdue``, ``soon``, ``ok``, ``paused``, ``done`` or ``info``)."""
    soon = due_soon_limit(session, now)
    rows = []
    if complaint.status in OPEN_STATUSES:
        rows += _running(complaint, now, soon)
        if complaint.status is Status.PENDING_CUSTOMER:
            rows += _paused(complaint, now)
    rows += _regulator(complaint, now, soon)
    if complaint.out_of_hours:
        label = _l("Received out of business hours")
        rows.append(_row("out_of_hours", label, complaint.received_at, "", "info"))
    return rows
