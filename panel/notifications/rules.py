"""Which changes are events: the rules the session hook applies after every flush, and the
escalation tiers (001: 1) CS director + advisor + callback clerk; 2) + department manager +
technical director; 3) + general manager).

Each event carries a ``dedupe_key`` naming the occurrence (the transition, the remedy and the
role it waits for, the tier reached…), so that the same occurrence written twice — by a retried
request, or by the flush hook and the periodic scan alike — is one event.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import get_history

from panel.access.roles import APPROVAL_LADDER
from panel.complaints.enums import Severity, Status, Urgency
from panel.complaints.history import ComplaintTransition
from panel.complaints.models import Complaint
from panel.core.errors import RuleError
from panel.notifications import customers
from panel.notifications.enums import Channel, EventKind, Relation
from panel.organisation.models.user import Role, User
from panel.organisation.settings import get_setting, register_defaults
from panel.penalties.models import Penalty, PenaltyStatus
from panel.remedies.models import Remedy, RemedyStatus

TIER_OF_MAJOR = "notifications.tier_of_major"
TIER_OF_SPECIAL_MAJOR = "notifications.tier_of_special_major"
TIER_OF_MEDIA = "notifications.tier_of_media"
TIER_OF_DEMAND = "notifications.tier_of_demand"
register_defaults(
    {
        TIER_OF_MAJOR: (int, 2),
        TIER_OF_SPECIAL_MAJOR: (int, 3),
        TIER_OF_MEDIA: (int, 3),
        TIER_OF_DEMAND: (int, 3),
    }
)
DEMAND = "escalation.demand_amount"
TIER_SETTINGS = (TIER_OF_MAJOR, TIER_OF_SPECIAL_MAJOR, TIER_OF_MEDIA, TIER_OF_DEMAND, DEMAND)
# The fields whose change may raise the tier a complaint's nature gives it.
TIER_FIELDS = ("severity", "flag_media", "flag_lawsuit", "amount_claimed")
# The penalty decisions the penalised person is told about.
DECIDED = frozenset({PenaltyStatus.APPROVED, PenaltyStatus.UPHELD, PenaltyStatus.REVOKED})


class Event(NamedTuple):
    """An event to write to the outbox."""

    kind: EventKind
    dedupe_key: str
    complaint_id: int | None = None
    subject_id: int | None = None
    payload: dict[str, Any] | None = None


def _changed(obj, key: str) -> bool:
    return get_history(obj, key).has_changes()


def _old(obj, key: str):
    history = get_history(obj, key)
    return history.deleted[0] if history.deleted else None


def _transition_id(session: Session, complaint: Complaint) -> int:
    ids = [
        o.id
        for o in session.new
        if isinstance(o, ComplaintTransition) and o.complaint_id == complaint.id
    ]
    return max(ids) if ids else complaint.version_id


def severity_tier(session: Session, complaint: Complaint) -> int:
    """The tier a complaint reaches by its nature alone, from the settings: major → 2,
    special major → 3, media or a lawsuit → 3, a demand above ``escalation.demand_amount``
    → 3 (001 mall: escalate to senior management). 0 for a general complaint."""
    tier = 0
    if (
        complaint.severity is Severity.GENERAL
        and not (complaint.flag_media or complaint.flag_lawsuit)
        and not complaint.amount_claimed
    ):
        return 0  # the common case, without reading a setting
    settings = _settings(session, TIER_SETTINGS)
    if complaint.severity is Severity.MAJOR:
        tier = settings[TIER_OF_MAJOR]
    elif complaint.severity is Severity.SPECIAL_MAJOR:
        tier = settings[TIER_OF_SPECIAL_MAJOR]
    if complaint.flag_media or complaint.flag_lawsuit:
        tier = max(tier, settings[TIER_OF_MEDIA])
    if (complaint.amount_claimed or Decimal(0)) > settings[DEMAND]:
        tier = max(tier, settings[TIER_OF_DEMAND])
    return max(0, min(tier, 3))


def _settings(session: Session, keys: tuple[str, ...]) -> dict:
    """Several settings (read once per transaction by :func:`get_setting`)."""
    return {key: get_setting(session, key) for key in keys}


def escalation_prefix(complaint_id: int, reopen_count: int) -> str:
    return f"escalated:{complaint_id}:{reopen_count}:"


def tier_reached(session: Session, complaint: Complaint) -> int:
    """The highest tier already told for this round of the complaint (a reopening starts a
    new round)."""
    from panel.notifications.models import NotificationEvent

    prefix = escalation_prefix(complaint.id, complaint.reopen_count or 0)
    with session.no_autoflush:
        keys = session.scalars(
            select(NotificationEvent.dedupe_key).where(
                NotificationEvent.dedupe_key.like(prefix + "%")
            )
        ).all()
    return max((int(key.rsplit(":", 1)[-1]) for key in keys), default=0)


def escalation_event(complaint: Complaint, tier: int, reason: str) -> Event:
    """The event of ``complaint`` reaching ``tier`` (one per tier and round)."""
    key = escalation_prefix(complaint.id, complaint.reopen_count or 0) + str(tier)
    return Event(EventKind.escalation(tier), key, complaint.id, tier, {"reason": reason})


def events_of_flush(session: Session) -> list[Event]:
    """The events the flush just written causes (called after the flush, with ids known and
    the attribute history still in place)."""
    events: list[Event] = []
    for obj in session.new:
        if isinstance(obj, Complaint):
            events += _registered(session, obj)
        elif isinstance(obj, Remedy):
            events += _remedy(obj)
        elif isinstance(obj, Penalty) and obj.status is PenaltyStatus.PROPOSED:
            events += _penalty_proposed(session, obj)
    for obj in session.dirty:
        if isinstance(obj, Complaint) and session.is_modified(obj, include_collections=False):
            events += _complaint_changed(session, obj)
        elif isinstance(obj, Remedy) and _changed(obj, "awaiting_role"):
            events += _remedy(obj)
        elif isinstance(obj, Penalty) and _changed(obj, "status") and obj.status in DECIDED:
            key = f"penalty:{obj.id}:{obj.status.value}"
            events.append(Event(EventKind.PENALTY_DECIDED, key, obj.complaint_id, obj.id))
    return events


def _registered(session: Session, complaint: Complaint) -> list[Event]:
    """An urgent complaint goes to the duty manager at once (out of hours: phone the
    leadership, 001 1.4); a major one starts at the tier its nature gives it; the complainant
    gets a receipt (:mod:`panel.notifications.customers`)."""
    events = []
    if complaint.urgency is Urgency.URGENT:
        kind = (
            EventKind.OUT_OF_HOURS_REGISTERED
            if getattr(complaint, "out_of_hours", False)
            else EventKind.URGENT_REGISTERED
        )
        events.append(Event(kind, f"urgent:{complaint.id}", complaint.id))
    tier = severity_tier(session, complaint)
    if tier:
        events.append(escalation_event(complaint, tier, "severity"))
    if customers.text_reaches(complaint):
        key = customers.receipt_key(complaint.id)
        events.append(Event(EventKind.CUSTOMER_RECEIPT, key, complaint.id))
    return events


def _complaint_changed(session: Session, complaint: Complaint) -> list[Event]:
    events = []
    if _changed(complaint, "status"):
        step = _transition_id(session, complaint)
        if complaint.status is Status.DISPATCHED:
            key = f"dispatched:{complaint.id}:{step}"
            events.append(Event(EventKind.DISPATCHED, key, complaint.id))
        elif complaint.status is Status.INVESTIGATING and _old(complaint, "status") in (
            Status.DISPATCHED,
            None,
        ):
            key = f"assigned:{complaint.id}:{step}"
            events.append(Event(EventKind.ASSIGNED, key, complaint.id, complaint.handler_id))
        elif complaint.status is Status.AWAITING_APPROVAL and not any(
            r.status is RemedyStatus.PROPOSED for r in complaint.remedies
        ):  # remedies granted already: a manager approves the reply
            key = f"approval:{complaint.id}:{step}"
            payload = {"role": Role.DEPT_MANAGER.value}
            events.append(Event(EventKind.APPROVAL_REQUESTED, key, complaint.id, None, payload))
        elif complaint.status is Status.REPLIED and customers.text_reaches(complaint):
            key = customers.survey_key(complaint.id, step)  # the customer is asked to rate it
            events.append(Event(EventKind.CUSTOMER_SURVEY, key, complaint.id))
    elif _changed(complaint, "handler_id") and complaint.status is Status.INVESTIGATING:
        key = f"assigned:{complaint.id}:h{complaint.handler_id}:{complaint.version_id}"
        events.append(Event(EventKind.ASSIGNED, key, complaint.id, complaint.handler_id))
    if complaint.status in (Status.CLOSED, Status.INVALID) or not any(
        _changed(complaint, key) for key in TIER_FIELDS
    ):
        return events
    tier = severity_tier(session, complaint)
    if tier and tier > tier_reached(session, complaint):
        events.append(escalation_event(complaint, tier, "severity"))
    return events


def _remedy(remedy: Remedy) -> list[Event]:
    """A proposal beyond the proposer's authority waits for a role: that role is asked."""
    if remedy.status is not RemedyStatus.PROPOSED or remedy.awaiting_role is None:
        return []
    role = remedy.awaiting_role
    key = f"approval:remedy:{remedy.id}:{role.value}"
    payload = {"role": role.value}
    return [Event(EventKind.APPROVAL_REQUESTED, key, remedy.complaint_id, remedy.id, payload)]


def _penalty_proposed(session: Session, penalty: Penalty) -> list[Event]:
    """A penalty proposal waits for the lowest role above the proposer's (004 §九): that role
    is asked, as for a remedy."""
    from panel.penalties.rules.penalty import deciders_for  # the penalty rules import ours

    proposer = session.get(User, penalty.proposed_by_id) if penalty.proposed_by_id else None
    deciders = deciders_for(proposer.role if proposer else None)
    role = next((r for r in APPROVAL_LADDER if r in deciders), None)
    if role is None:
        return []
    key = f"approval:penalty:{penalty.id}:{role.value}"
    payload = {"role": role.value, "penalty": True}
    return [Event(EventKind.APPROVAL_REQUESTED, key, penalty.complaint_id, penalty.id, payload)]


def check_routes(session: Session) -> None:
    """A line of the routing table names exactly one audience for a personal channel (a role,
    a person or a relation) and none for a group robot, which posts to its group; the
    complainant is reached by SMS only."""
    from panel.notifications.models import NotificationRoute

    for route in [o for o in session.new | session.dirty if isinstance(o, NotificationRoute)]:
        named = sum(
            x is not None for x in (route.role, route.user_id or route.user, route.relation)
        )
        if route.channel is not None and route.channel.is_group and named:
            raise RuleError(
                _("A group robot posts to its group: leave role, person and relation empty."),
                "role",
            )
        if route.channel is not None and not route.channel.is_group and named != 1:
            raise RuleError(_("Name exactly one of role, person or relation to the case."), "role")
        if route.relation is Relation.COMPLAINANT and route.channel is not Channel.SMS:
            raise RuleError(
                _("The complainant has no login or mail address here: choose the SMS channel."),
                "channel",
            )
