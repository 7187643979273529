"""Who gets an event: the routing table's lines for its kind, resolved to people and addresses.

A line names a role (every active user with it; department roles only when the complaint is
in their department, as on their lists), a person, or a relation to the case (the handler,
the owner of the current step, the responsible department's manager, the role an approval
waits for, the registering clerk, the penalised person, the complainant). Group robots post to
their group.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from panel.access import scope
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.notifications.customers import Complainant, complainant_of
from panel.notifications.enums import Channel, Relation
from panel.notifications.models import NotificationAddress, NotificationEvent, NotificationRoute
from panel.organisation.models.department import Department
from panel.organisation.models.staff import Staff
from panel.organisation.models.user import Role, User
from panel.penalties.models import Penalty
from panel.remedies.models import RemedyStatus

ROUTES_MEMO = "notifications.routes"  # session.info, cleared when the fan-out commits
FRONT_DESK_STEPS = frozenset(
    {Status.REGISTERED, Status.REOPENED, Status.APPROVED, Status.REPLIED, Status.CALLBACK_DONE}
)


class Recipient(NamedTuple):
    """One delivery to make: ``key`` is ``u<user id>``, ``s<staff id>`` or ``group``."""

    channel: Channel
    key: str
    user_id: int | None
    address: str | None


def payload_of(event: NotificationEvent) -> dict:
    return json.loads(event.payload) if event.payload else {}


def active_routes(session: Session, event: NotificationEvent) -> list[NotificationRoute]:
    """The active lines for the event's kind (read once per kind and transaction)."""
    memo = session.info.setdefault(ROUTES_MEMO, {})
    if event.kind not in memo:
        memo[event.kind] = list(
            session.scalars(
                select(NotificationRoute)
                .filter_by(event=event.kind, active=True)
                .order_by(NotificationRoute.id)
            )
        )
    return memo[event.kind]


def users_of(session: Session, role: Role, complaint: Complaint | None) -> list[User]:
    """Active users of ``role``; a department role only where it sees the complaint."""
    users = session.scalars(select(User).filter_by(role=role, active=True).order_by(User.id))
    return [u for u in users if complaint is None or scope.may_see(u, complaint)]


def department_managers(session: Session, complaint: Complaint) -> list[User]:
    """The responsible (else the complained) department's manager: the login of the staff
    member the department names, and the department managers working in it."""
    department: Department | None = (
        complaint.responsible_department or complaint.complained_department
    )
    if department is None:
        return []
    return list(
        session.scalars(
            select(User)
            .outerjoin(Staff, User.staff_id == Staff.id)
            .where(
                User.active.is_(True),
                or_(
                    User.staff_id == department.manager_id,
                    (User.role == Role.DEPT_MANAGER) & (Staff.department_id == department.id),
                ),
            )
            .order_by(User.id)
        )
    )


def approvers(session: Session, event: NotificationEvent, complaint: Complaint) -> list[User]:
    """The users of the role the approval waits for (named in the event)."""
    role = payload_of(event).get("role")
    if role is None:
        waiting = {r.awaiting_role for r in complaint.remedies if r.status is RemedyStatus.PROPOSED}
        roles = sorted((r for r in waiting if r), key=list(Role).index) or [Role.DEPT_MANAGER]
    else:
        roles = [Role(role)]
    return [user for role in roles for user in users_of(session, role, complaint)]


def step_owners(session: Session, event: NotificationEvent, complaint: Complaint) -> list[User]:
    """Whoever the complaint's next step waits for: the front desk, the department manager
    (to name the handler), the handler, or the approvers."""
    status = complaint.status
    if status is Status.DISPATCHED:
        return department_managers(session, complaint)
    if status is Status.AWAITING_APPROVAL:
        return approvers(session, event, complaint)
    if status in FRONT_DESK_STEPS:
        return [complaint.recorded_by] if complaint.recorded_by else []
    return [complaint.handler] if complaint.handler else []


def penalised(session: Session, event: NotificationEvent) -> list[User | Staff]:
    """The penalised person: their login, or their staff record (SMS to their phone)."""
    penalty = session.get(Penalty, event.subject_id) if event.subject_id else None
    if penalty is None:
        return []
    user = session.scalar(select(User).filter_by(staff_id=penalty.staff_id, active=True))
    return [user or penalty.staff]


def audience(
    session: Session, route: NotificationRoute, event: NotificationEvent
) -> list[User | Staff | Complainant]:
    """The people one line of the routing table names for this event."""
    complaint = event.complaint
    if route.user_id is not None:
        return [route.user] if route.user and route.user.active else []
    if route.role is not None:
        return users_of(session, route.role, complaint)
    relation = route.relation
    if relation is Relation.PENALISED:
        return penalised(session, event)
    if relation is None or complaint is None:
        return []
    if relation is Relation.COMPLAINANT:
        return [complainant_of(complaint)]
    if relation is Relation.HANDLER:
        return [complaint.handler] if complaint.handler else []
    if relation is Relation.RECORDED_BY:
        return [complaint.recorded_by] if complaint.recorded_by else []
    if relation is Relation.DEPARTMENT_MANAGER:
        return department_managers(session, complaint)
    if relation is Relation.APPROVER:
        return approvers(session, event, complaint)
    return step_owners(session, event, complaint)


def address(session: Session, channel: Channel, person: User | Staff) -> str | None:
    """The e-mail address or mobile of ``person`` for ``channel`` (None when unknown)."""
    if isinstance(person, Staff):
        return person.phone if channel is Channel.SMS else None
    row = session.scalar(select(NotificationAddress).filter_by(user_id=person.id))
    if channel is Channel.EMAIL:
        return row.email if row else None
    if channel is Channel.SMS:
        return (row.mobile if row else None) or (person.staff.phone if person.staff else None)
    return None


def recipients(
    session: Session, event: NotificationEvent, channels: frozenset[Channel]
) -> list[Recipient]:
    """Every delivery the event needs through the ``channels`` in use, each once."""
    out: dict[tuple[Channel, str], Recipient] = {}
    for route in active_routes(session, event):
        channel = route.channel
        if channel not in channels:
            continue
        if channel.is_group:
            out.setdefault((channel, "group"), Recipient(channel, "group", None, None))
            continue
        for person in audience(session, route, event):
            if person is None:
                continue
            if isinstance(person, Complainant):
                if channel is Channel.SMS:  # no login, no mail address: a text or nothing
                    out.setdefault(
                        (channel, person.key), Recipient(channel, person.key, None, person.phone)
                    )
                continue
            if isinstance(person, Staff):
                if channel is not Channel.SMS:
                    continue  # without a login only a text message reaches them
                key, user_id = f"s{person.id}", None
            else:
                key, user_id = f"u{person.id}", person.id
            if (channel, key) not in out:
                found = None if channel is Channel.PANEL else address(session, channel, person)
                out[(channel, key)] = Recipient(channel, key, user_id, found)
    return list(out.values())
