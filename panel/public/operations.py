"""What customers do without a login: look up a complaint's progress, file a complaint, answer
the satisfaction survey. Plain functions; the views call them and commit.

The acting user (every change needs one, ``panel.core.flush``): a customer's complaint and a
survey answer from the customer's own phone are recorded by the system account 客户自助服务
(:mod:`panel.access.system`); a survey the callback clerk fills in with the customer on the
phone is recorded by that clerk (the view passes the logged-in front-desk user).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from panel.complaints import attachments
from panel.complaints import operations as process
from panel.complaints.enums import Category, Channel, Status
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.audit.models import AuditEntry
from panel.core.errors import RuleError
from panel.organisation.models.user import User
from panel.organisation.settings import get_setting
from panel.public import limits
from panel.public.models import RATINGS, SurveyInvitation, SurveyResponse
from panel.public.rules import is_satisfied, normalise_number, phone_tail

LOOKUP = "lookup"
LOOKUP_REFUSED = "lookup_refused"


@dataclass(frozen=True)
class Lookup:
    """The outcome of a progress lookup: the complaint's id, or the end of a lock."""

    complaint_id: int | None = None
    locked_until: datetime | None = None


def _audit(connection, action: str, complaint_id: int | None, changes: dict) -> None:
    connection.execute(
        insert(AuditEntry).values(
            at=clock.now(),
            actor_id=None,
            actor_name=None,
            action=action,
            table_name="complaint",
            row_id=str(complaint_id or ""),
            complaint_id=complaint_id,
            changes={key: [None, value] for key, value in changes.items()},
        )
    )


def look_up(session: Session, number: str, tail: str, address: str) -> Lookup:
    """Find the complaint numbered ``number`` whose phone ends in ``tail``.

    No such number and wrong digits are one and the same answer. Every lookup counts against
    the address and the number (:mod:`panel.public.limits`) and is written to the audit trail;
    the caller commits at once (which also ends the turn the keys were taken for).
    """
    number, now = normalise_number(number), clock.now()
    by_address, by_number = limits.track_limits(session)
    connection = session.connection()
    limits.serialize(connection, f"track:{address}", f"number:{number}")
    checks = [(by_address, address), (by_number, number)]
    ends = limits.locks_end(connection, checks, now)
    until = max((end for end in ends if end is not None), default=None)
    found = None
    if until is None:
        row = connection.execute(
            select(Complaint.id, Complaint.complainant_phone).where(Complaint.number == number)
        ).first()
        if row is not None and len(tail) == 4 and phone_tail(row.complainant_phone) == tail:
            found = row.id
        limits.record_many(connection, checks, now, failed=found is None)
    outcome = "found" if found else ("locked" if until else "not_found")
    _audit(
        connection,
        LOOKUP if until is None else LOOKUP_REFUSED,
        found,
        {"number": number, "ip": address, "outcome": outcome},
    )
    return Lookup(found, until)


def complain_allowed(session: Session, address: str) -> datetime | None:
    """None when ``address`` may file a complaint now, else when it may again."""
    limit = limits.complain_limit(session)
    return limits.locked_until(session.connection(), limit, address, clock.now())


def file_complaint(
    session: Session,
    facts: dict,
    channel: Channel,
    actor: User,
    address: str,
    photo: tuple[str, bytes] | None = None,
) -> Complaint:
    """Register the customer's complaint as 已登记 with the channel it came through; the photo
    goes through the evidence checks (:mod:`panel.complaints.attachments`) before anything is
    registered. Counts against the address's limit."""
    if photo is not None:
        attachments.check_upload(session, attachments.clean_file_name(photo[0]), photo[1])
    complaint = Complaint(
        channel=channel,
        category=Category.OTHER,
        received_at=clock.now(),
        read_back=False,
        **facts,
    )
    with acting_as(actor):
        session.add(complaint)
        session.flush()
    if photo is not None:
        attachments.add_attachment(session, complaint, actor, photo[0], photo[1])
    limits.record(session.connection(), limits.complain_limit(session), address, clock.now(), False)
    return complaint


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session: Session, complaint: Complaint, via: str) -> str:
    """A new one-time survey link for ``complaint``; returns its token (kept only hashed)."""
    token = secrets.token_urlsafe(24)
    days = get_setting(session, "public.survey_valid_days")
    now = clock.now()
    session.add(
        SurveyInvitation(
            complaint=complaint,
            token_hash=_hash(token),
            via=via,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    session.flush()
    return token


def invitation_for(session: Session, token: str, address: str) -> SurveyInvitation | None:
    """The unused, unexpired invitation of ``token``; an unknown one counts against the
    address (guessing links is refused after a while: :class:`RuleError`)."""
    limit, now = limits.survey_limit(session), clock.now()
    if limits.locked_until(session.connection(), limit, address, now):
        raise RuleError(_("Too many attempts; please try again later."))
    invitation = session.scalar(
        select(SurveyInvitation).where(SurveyInvitation.token_hash == _hash(token or ""))
    )
    if invitation is None or invitation.used_at is not None or invitation.expires_at < now:
        limits.record(session.connection(), limit, address, now, failed=True)
        return None
    return invitation


def survey_summary(ratings: dict[str, int], comment: str | None) -> str:
    """The callback's words: the four ratings and the customer's comment."""
    text = _(
        "Satisfaction survey: response speed %(speed)d, attitude %(attitude)d, "
        "result %(result)d, overall %(overall)d.",
        **ratings,
    )
    comment = (comment or "").strip()
    return f"{text} {_('Customer said:')}{comment}" if comment else text


def answer_survey(
    session: Session,
    invitation: SurveyInvitation,
    ratings: dict[str, int],
    comment: str | None,
    actor: User,
    via: str,
) -> SurveyResponse:
    """Record the answer as the complaint's callback (``record_callback``, so the flush-time
    rules hold): satisfied moves the complaint on, dissatisfied reopens it. Spends the link
    and every other open link of the complaint."""
    complaint = invitation.complaint
    if complaint.status is not Status.REPLIED:
        raise RuleError(
            _("This complaint is not waiting for your opinion now; thank you.")
            if complaint.status is not Status.APPROVED
            else _("The result has not reached you yet; please answer after our reply.")
        )
    if any(not 1 <= ratings.get(name, 0) <= 5 for name in RATINGS):
        raise RuleError(_("Rate each question from 1 to 5."))
    satisfied = is_satisfied(session, ratings)
    now = clock.now()
    callback = process.record_callback(
        session, complaint, actor, satisfied, survey_summary(ratings, comment)[:2000], at=now
    )
    response = SurveyResponse(
        complaint=complaint,
        invitation=invitation,
        callback=callback,
        answered_at=now,
        comment=(comment or "").strip() or None,
        satisfied=satisfied,
        via=via,
        **{name: ratings[name] for name in RATINGS},
    )
    session.add(response)
    session.execute(
        update(SurveyInvitation)
        .where(SurveyInvitation.complaint_id == complaint.id, SurveyInvitation.used_at.is_(None))
        .values(used_at=now)
    )
    with acting_as(actor):
        session.flush()
    return response
