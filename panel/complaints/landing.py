"""The landing page: per role, the counts that matter to that role, each linking to its list."""

from __future__ import annotations

from flask import current_app, url_for
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from panel.access import scope
from panel.complaints import queues
from panel.complaints.enums import OPEN_STATUSES, Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.extensions import db
from panel.organisation.models.department import Department
from panel.organisation.models.setting import Setting
from panel.organisation.models.sla import SlaPolicy
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
from panel.remedies.limits import AuthorityLimit
from panel.worktime.banner import calendar_banners

# Where a queue's count leads: its own page, or the complaint list filtered by the queue.
OWN_PAGES = {"approval": "approval.index_view", "pending": "ledger.index_view"}


def complaint_view():
    """The registered complaint list view."""
    admin = current_app.extensions["admin"][0]
    return next(v for v in admin._views if getattr(v, "endpoint", None) == "complaint")


def queue_url(name: str) -> str:
    """The list of one queue: its own page, or the complaint list with the queue filter."""
    if name in OWN_PAGES:
        return url_for(OWN_PAGES[name])
    view = complaint_view()
    for index, flt in enumerate(view._filters):
        if isinstance(flt, queues.QueueFilter):
            arg = view.get_filter_arg(index, flt)
            return url_for("complaint.index_view", **{f"flt1_{arg}": name})
    raise LookupError("the complaint list has no queue filter")


def status_url(status: Status) -> str:
    """The complaint list filtered by one status (the list itself if it has no such filter)."""
    view = complaint_view()
    for index, flt in enumerate(view._filters):
        if type(flt) is FilterEqual and getattr(flt, "column", None) is Complaint.status:
            arg = view.get_filter_arg(index, flt)
            return url_for("complaint.index_view", **{f"flt1_{arg}": status.value})
    return url_for("complaint.index_view")


def queue_cards(user: User) -> list[dict]:
    now = clock.now()
    return [
        {
            "name": queue.name,
            "label": queue.label,
            "count": queues.count(db.session, user, queue.name, now),
            "url": queue_url(queue.name),
            "alert": queue.alert,
        }
        for queue in queues.queues_for(user)
    ]


def by_status(user: User) -> list[tuple[Status, int, str]]:
    """Open complaints per state (closed ones are years of history: the list has them)."""
    statement = scope.restrict(
        select(Complaint.status, func.count())
        .where(Complaint.status.in_(OPEN_STATUSES))
        .group_by(Complaint.status),
        user,
    )
    counts = dict(db.session.execute(statement).all())
    return [(s, counts.get(s, 0), status_url(s)) for s in Status if s in OPEN_STATUSES]


ADMIN_COUNTS = (
    ("user.index_view", _l("Active user accounts"), select(func.count()).where(User.active)),
    ("department.index_view", _l("Departments"), select(func.count()).select_from(Department)),
    ("staff.index_view", _l("Staff and drivers"), select(func.count()).select_from(Staff)),
    (
        "authority.index_view",
        _l("Authority limits"),
        select(func.count()).select_from(AuthorityLimit),
    ),
    ("sla.index_view", _l("Deadline policies"), select(func.count()).select_from(SlaPolicy)),
    ("setting.index_view", _l("Settings"), select(func.count()).select_from(Setting)),
)


def admin_cards() -> list[dict]:
    return [
        {"label": label, "count": db.session.scalar(statement), "url": url_for(endpoint)}
        for endpoint, label, statement in ADMIN_COUNTS
    ]


def landing_page(view, user: User):
    """Render the landing page of ``user``'s role."""
    return view.render(
        "complaints/home.html",
        cards=queue_cards(user),
        admin_cards=admin_cards() if user.role is Role.ADMIN else [],
        by_status=by_status(user),
        scoped=scope.is_scoped(user),
        department=user.staff.department if user.staff else None,
        banners=calendar_banners(db.session, user, clock.today()),
        may_register=complaint_view().can_create,  # the "register a complaint" button
    )
