"""What the complaint list shows beyond the columns: the time left of each row (an overdue
row stands out), status and severity as coloured badges, and the user's queues as saved
filters above the table.

The cells go through the view's column formatters, so the fast list and Flask-Admin's own
list render them alike (tests/admin/fastlist/test_list_markup.py).
"""

from __future__ import annotations

from flask import g
from flask_login import current_user
from markupsafe import Markup

from panel.admin.base import format_enum
from panel.complaints import queues
from panel.complaints.badges import severity_badge, status_badge, time_left, urgency_badge
from panel.core import clock
from panel.core.extensions import db
from panel.worktime.policies import due_soon_limit


def _clock():
    """Now, and the due-soon bound, once per request (every row of a page shares them)."""
    cached = g.get("desk_clock")
    if cached is None:
        now = clock.now()
        cached = g.desk_clock = (now, due_soon_limit(db.session, now))
    return cached


def format_time_left(_view, _context, model, _name) -> Markup:
    """An urgent complaint's mark, then the time left of its step (or how long overdue)."""
    now, soon = _clock()
    urgent = urgency_badge(model.urgency)
    left = time_left(model, now, soon)
    return Markup("{} {}").format(urgent, left) if urgent else left


def format_time_left_text(view, context, model, name) -> str:
    return format_time_left(view, context, model, name).striptags()


def format_status(_view, _context, model, _name) -> Markup:
    return status_badge(model.status)


def format_severity(view, _context, model, name):
    # An inline editor shows the plain label (its drop-down reads it); a badge otherwise.
    editable = g.get("desk_severity_editable")
    if editable is None:
        editable = g.desk_severity_editable = view.is_editable(name)
    return format_enum(view, model.severity) if editable else severity_badge(model.severity)


LIST_FORMATTERS = {
    "status": format_status,
    "severity": format_severity,
    "time_left": format_time_left,
}
EXPORT_FORMATTERS = {"time_left": format_time_left_text}


def saved_filters() -> list[dict]:
    """The user's queues as links to the list filtered by each (their landing-page cards)."""
    from panel.complaints.landing import queue_url

    user = current_user._get_current_object()
    return [
        {"name": queue.name, "label": queue.label, "url": queue_url(queue.name)}
        for queue in queues.queues_for(user)
    ]
