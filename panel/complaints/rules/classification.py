"""Severity and urgency from DOMAIN.md's criteria, recomputed on every save."""

from __future__ import annotations

from dataclasses import dataclass
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
from panel.complaints.repeats import is_linked_repeat
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.models import lazy_label
from panel.organisation.models.user import User
from panel.organisation.settings import get_setting
from panel.remedies.models import RemedyKind
from panel.worktime.clocks import unresolved_for

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


@dataclass(frozen=True)
class Reason:
    """One criterion a complaint meets, and the severity it calls for."""

    severity: Severity
    text: str


def _money(value) -> str:
    return f"¥{value:,.2f}"


def severity_reasons(session: Session, complaint: Complaint) -> list[Reason]:
    """Every criterion of DOMAIN.md the complaint meets, special major ones first.

    Special major (001 property): lawsuit, demand over the special amount, ten people or more,
    unresolved past the set days through our fault (time waiting on the customer not counted).
    Major (001 1.1.3, 000 成都): any of the flags, transferred by a regulator, a claim or
    compensation, a large loss, a collective complaint, a repeat complaint, a reopened complaint.
    Works on a stored complaint or on a draft with the same attributes (the registration
    form's live preview).
    """
    amount = complaint.amount_claimed or 0
    people = complaint.people_count or 1
    special, major = Severity.SPECIAL_MAJOR, Severity.MAJOR
    reasons: list[Reason] = []
    if complaint.flag_lawsuit:
        reasons.append(Reason(special, str(lazy_label(Complaint, "flag_lawsuit"))))
    special_amount = get_setting(session, "classification.special_major_amount")
    if amount > special_amount:
        text = _(
            "Amount claimed %(amount)s is over %(limit)s",
            amount=_money(amount),
            limit=_money(special_amount),
        )
        reasons.append(Reason(special, text))
    special_people = get_setting(session, "classification.special_major_people")
    if people >= special_people:
        text = _("%(n)d people complain (%(limit)d or more)", n=people, limit=special_people)
        reasons.append(Reason(special, text))
    unresolved_days = get_setting(session, "classification.special_major_unresolved_days")
    if (
        complaint.fault in (Fault.OURS, Fault.BOTH)
        and complaint.status in OPEN_STATUSES
        and unresolved_for(complaint, clock.now()) > timedelta(days=unresolved_days)
    ):
        text = _("Our fault, unresolved for over %(days)d days", days=unresolved_days)
        reasons.append(Reason(special, text))
    for flag in MAJOR_FLAGS:
        if getattr(complaint, flag):
            reasons.append(Reason(major, str(lazy_label(Complaint, flag))))
    if complaint.channel is Channel.REGULATOR:
        reasons.append(Reason(major, _("Transferred by a regulator")))
    if complaint.nature is Nature.CLAIM:
        reasons.append(Reason(major, _("A claim for compensation")))
    if any(r.kind is RemedyKind.COMPENSATION and r.is_active for r in complaint.remedies):
        reasons.append(Reason(major, _("A remedy with compensation")))
    major_amount = get_setting(session, "classification.major_amount")
    if major_amount <= amount <= special_amount:
        text = _(
            "Amount claimed %(amount)s reaches %(limit)s",
            amount=_money(amount),
            limit=_money(major_amount),
        )
        reasons.append(Reason(major, text))
    collective = get_setting(session, "classification.collective_people")
    if collective <= people < special_people:
        text = _("A collective complaint: %(n)d people", n=people)
        reasons.append(Reason(major, text))
    if (complaint.reopen_count or 0) > 0:
        reasons.append(Reason(major, _("Reopened")))
    repeats = repeat_count(session, complaint)
    if repeats:
        text = _(
            "A repeat complaint: the same phone or plate complained %(n)d times in the last "
            "%(days)d days",
            n=repeats,
            days=get_setting(session, "classification.repeat_window_days"),
        )
        reasons.append(Reason(major, text))
    elif is_linked_repeat(session, complaint):
        reasons.append(Reason(major, _("Registered as a repeat of an earlier complaint")))
    return reasons


def severity_of(reasons: list[Reason]) -> Severity:
    """The highest severity the reasons call for; general when there is none."""
    return max((r.severity for r in reasons), key=lambda s: s.rank, default=Severity.GENERAL)


def computed_severity(session: Session, complaint: Complaint) -> Severity:
    """The lowest severity the criteria allow (:func:`severity_reasons`)."""
    return severity_of(severity_reasons(session, complaint))


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
    if complaint.severity is None:  # left to the criteria (the forms' "by the criteria")
        complaint.severity = computed
        complaint.severity_lowered_by = None
        complaint.severity_lowered_reason = None
        severity_set_by_user = False
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
