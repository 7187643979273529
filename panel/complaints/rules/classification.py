"""Severity and urgency from DOMAIN.md's criteria, recomputed on every save."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from panel.access.roles import MANAGERS
from panel.complaints.enums import (
    OPEN_STATUSES,
    Category,
    Channel,
    Fault,
    Nature,
    Severity,
    Urgency,
)
from panel.complaints.models import FLAG_FIELDS, Complaint
from panel.core import clock
from panel.core.errors import RuleError
from panel.organisation.models.user import User
from panel.organisation.settings import get_setting
from panel.remedies.models import RemedyKind

# Every flag makes a complaint major; a lawsuit makes it special major (checked first).
MAJOR_FLAGS = tuple(flag for flag in FLAG_FIELDS if flag != "flag_lawsuit")


def repeat_count(session: Session, complaint: Complaint) -> int:
    """Earlier complaints by the same phone or plate within the repeat window."""
    keys = []
    if complaint.complainant_phone:
        keys.append(Complaint.complainant_phone == complaint.complainant_phone)
    if complaint.plate_number:
        keys.append(Complaint.plate_number == complaint.plate_number)
    if not keys:
        return 0
    days = get_setting(session, "classification.repeat_window_days")
    since = complaint.received_at - timedelta(days=days)
    query = (
        select(func.count())
        .select_from(Complaint)
        .where(
            or_(*keys),
            Complaint.received_at >= since,
            Complaint.received_at <= complaint.received_at,
        )
    )
    if complaint.id is not None:
        query = query.where(Complaint.id != complaint.id)
    with session.no_autoflush:
        return session.scalar(query)


def computed_severity(session: Session, complaint: Complaint) -> Severity:
    """The lowest severity the criteria allow.

    Special major (001 property): lawsuit, demand over the special amount, ten people or more,
    unresolved past the set days through our fault. Major (001 1.1.3, 000 成都): any of the
    flags, transferred by a regulator, a claim or compensation, a large loss, a collective
    complaint, a repeat complaint, a reopened complaint.
    """
    amount = complaint.amount_claimed or 0
    people = complaint.people_count or 1
    unresolved_days = get_setting(session, "classification.special_major_unresolved_days")
    if (
        complaint.flag_lawsuit
        or amount > get_setting(session, "classification.special_major_amount")
        or people >= get_setting(session, "classification.special_major_people")
        or (
            complaint.fault in (Fault.OURS, Fault.BOTH)
            and complaint.status in OPEN_STATUSES
            and complaint.received_at < clock.now() - timedelta(days=unresolved_days)
        )
    ):
        return Severity.SPECIAL_MAJOR
    compensation = any(
        r.kind is RemedyKind.COMPENSATION and r.is_active for r in complaint.remedies
    )
    if (
        any(getattr(complaint, flag) for flag in MAJOR_FLAGS)
        or complaint.channel is Channel.REGULATOR
        or complaint.nature is Nature.CLAIM
        or compensation
        or amount >= get_setting(session, "classification.major_amount")
        or people >= get_setting(session, "classification.collective_people")
        or (complaint.reopen_count or 0) > 0
        or repeat_count(session, complaint) > 0
    ):
        return Severity.MAJOR
    return Severity.GENERAL


def computed_urgency(complaint: Complaint) -> Urgency:
    """Urgent when safety or daily life is at stake or media or law is threatened (001, 004)."""
    if (
        complaint.flag_safety
        or complaint.flag_injury
        or complaint.flag_media
        or complaint.flag_lawyer
        or complaint.category is Category.SAFETY
    ):
        return Urgency.URGENT
    return Urgency.NORMAL


def classify(
    session: Session, complaint: Complaint, actor: User | None, severity_set_by_user: bool
) -> None:
    """Apply the criteria: raise severity and urgency to the computed level.

    A user may raise the severity; lowering it below the computed level needs a manager and
    a reason, which is recorded. Without a manager's decision the severity follows the criteria.
    """
    computed = computed_severity(session, complaint)
    complaint.severity_computed = computed
    chosen = complaint.severity or Severity.GENERAL
    if chosen.rank < computed.rank:
        if severity_set_by_user:
            if actor is None or actor.role not in MANAGERS:
                raise RuleError(
                    _(
                        "Severity: the criteria make this complaint %(computed)s; only a manager "
                        "may lower it.",
                        computed=computed.label,
                    ),
                    "severity",
                )
            if not (complaint.severity_lowered_reason or "").strip():
                raise RuleError(
                    _("Give the reason for lowering the severity."), "severity_lowered_reason"
                )
            complaint.severity_lowered_by = actor
        elif complaint.severity_lowered_by_id is None and complaint.severity_lowered_by is None:
            complaint.severity = computed
    elif severity_set_by_user:
        complaint.severity_lowered_by = None
        complaint.severity_lowered_reason = None
    if computed_urgency(complaint) is Urgency.URGENT:
        complaint.urgency = Urgency.URGENT
    elif complaint.urgency is None:
        complaint.urgency = Urgency.NORMAL
