"""The case file's header and progress bar: where the complaint stands on the main path of
the process (DOMAIN.md "The process"), when each step was taken, by whom, against which
deadline, and what the next step has left.

A reopened complaint shows the path since it was reopened (the timeline keeps the earlier
round); a complaint waiting on the customer shows where it was parked; one closed as invalid
shows where it left the path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup

from panel.complaints.badges import severity_badge, status_badge, time_left, urgency_badge
from panel.complaints.enums import MAIN_PATH, Status
from panel.complaints.models import Complaint
from panel.complaints.rules import classification
from panel.core.extensions import db
from panel.worktime.display import remaining
from panel.worktime.policies import due_soon_limit

S = Status
# Off the path: the state whose step the complaint is on.
_PARKED_AT = {S.REOPENED: S.REGISTERED}


@dataclass
class Stage:
    """One state of the main path: ``done`` (with when, who, whether on time), ``current``,
    or still ahead (with the next one's deadline)."""

    status: Status
    state: str  # done, current, ahead
    at: datetime | None = None
    actor: str = ""
    due: datetime | None = None
    late: bool = False
    left: str = ""
    overdue: bool = False


def _this_round(complaint: Complaint) -> list:
    """The transitions since the complaint was last reopened."""
    transitions = list(complaint.transitions)
    for index in range(len(transitions) - 1, -1, -1):
        if transitions[index].to_status is S.REOPENED:
            return transitions[index + 1 :]
    return transitions


def _where(complaint: Complaint, transitions) -> Status:
    """The main-path state whose step the complaint is on."""
    status = complaint.status
    if status is S.PENDING_CUSTOMER or status is S.INVALID:
        parked = next((t for t in reversed(transitions) if t.to_status is status), None)
        return parked.from_status if parked and parked.from_status in MAIN_PATH else S.REGISTERED
    return _PARKED_AT.get(status, status)


def stages(complaint: Complaint, now: datetime) -> list[Stage]:
    """The main path as the progress bar shows it."""
    transitions = _this_round(complaint)
    reached = {t.to_status: t for t in transitions if t.to_status in MAIN_PATH}
    where = _where(complaint, transitions)
    position = MAIN_PATH.index(where)
    soon = due_soon_limit(db.session, now)
    result = []
    for index, status in enumerate(MAIN_PATH):
        taken = reached.get(status)
        stage = Stage(status, "ahead")
        if index <= position:
            stage.state = "done" if index < position or status is S.CLOSED else "current"
            if taken is not None:
                stage.at, stage.actor, stage.due = taken.at, _name(taken.actor), taken.due_at
                stage.late = taken.on_time is False
        result.append(stage)
    following = position + 1
    if following < len(MAIN_PATH) and complaint.status not in (S.CLOSED, S.INVALID):
        upcoming = result[following]
        upcoming.due = complaint.step_due_at
        if upcoming.due is not None and complaint.status is not S.PENDING_CUSTOMER:
            upcoming.left, state = remaining(upcoming.due, now, soon)
            upcoming.overdue = state == "overdue"
            result[position].overdue = upcoming.overdue
    return result


def _name(user) -> str:
    return user.display_name if user is not None else ""


def off_path_note(complaint: Complaint) -> str:
    """Why the bar stops where it does, for a complaint off the main path."""
    if complaint.status is S.PENDING_CUSTOMER:
        return _("Waiting on the customer: the clocks are stopped.")
    if complaint.status is S.INVALID:
        return _("Closed as invalid.")
    if complaint.status is S.REOPENED:
        return _("Reopened (%(n)d times): the process starts again.", n=complaint.reopen_count)
    return ""


def header(complaint: Complaint, now: datetime) -> dict:
    """The header card: badges, the time left and the criteria the severity rests on."""
    soon = due_soon_limit(db.session, now)
    with db.session.no_autoflush:
        reasons = classification.severity_reasons(db.session, complaint)
    return {
        "status": status_badge(complaint.status),
        "severity": severity_badge(complaint.severity),
        "urgency": urgency_badge(complaint.urgency),
        "left": time_left(complaint, now, soon),
        "reasons": reasons,
        "lowered": complaint.severity_lowered_by_id is not None
        and complaint.severity is not classification.severity_of(reasons),
        "note": off_path_note(complaint),
    }


def reason_list(reasons) -> Markup:
    return Markup("、").join(Markup("{}").format(r.text) for r in reasons)
