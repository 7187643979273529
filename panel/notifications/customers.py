"""What the complainant is sent, by text message to their mobile, never at night: a receipt
when the complaint is registered — its number, the expected reply date and the progress
lookup's link (002 §8.2.1: the customer can follow the complaint) — and, once the complaint is
replied, a one-time link to the satisfaction survey (the seed's four questions).

Both are outbox events like the staff's (``customer_receipt``, ``customer_survey``); the routing
table's lines "… → SMS → the complainant" send them, and turning a line off stops it. They are
written only when an SMS gateway is configured and the phone is a mobile.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from panel.complaints.models import Complaint
from panel.core.validation import is_mobile
from panel.organisation.settings import get_setting, register_defaults, register_labels

QUIET_FROM = "notifications.customer_quiet_from"
QUIET_UNTIL = "notifications.customer_quiet_until"
register_defaults({QUIET_FROM: (int, 21), QUIET_UNTIL: (int, 8)})
register_labels(
    {
        QUIET_FROM: (
            _l("Texts to customers: quiet from (hour)"),
            _l("Text messages to customers written after this hour wait for the morning."),
        ),
        QUIET_UNTIL: (
            _l("Texts to customers: quiet until (hour)"),
            _l("Waiting text messages to customers go out at this hour."),
        ),
    }
)


class Complainant(NamedTuple):
    """The complainant of a complaint as a recipient: no login, only the phone on file."""

    complaint_id: int
    phone: str | None

    @property
    def key(self) -> str:
        return f"c{self.complaint_id}"


def complainant_of(complaint: Complaint) -> Complainant:
    phone = complaint.complainant_phone
    return Complainant(complaint.id, phone if is_mobile(phone) else None)


def text_reaches(complaint: Complaint) -> bool:
    """Whether a text message can reach the complainant: an SMS gateway is configured and the
    phone on file is a mobile."""
    if not has_app_context() or not current_app.config.get("NOTIFY_SMS_URL"):
        return False
    return is_mobile(complaint.complainant_phone)


def receipt_key(complaint_id: int) -> str:
    return f"receipt:{complaint_id}"


def survey_key(complaint_id: int, step: int) -> str:
    """One survey text per reply (a reopened complaint replied again asks again)."""
    return f"survey:{complaint_id}:{step}"


def is_complainant(recipient_key: str) -> bool:
    """Whether a delivery's recipient key names a complainant (``c<complaint id>``)."""
    return recipient_key.startswith("c")


def send_time(session: Session, now: datetime) -> datetime:
    """When a text to a customer written at ``now`` may go: at once, or — inside the quiet
    hours (settings, 21:00–08:00 by default) — at their end."""
    start, end = get_setting(session, QUIET_FROM) % 24, get_setting(session, QUIET_UNTIL) % 24
    hour = now.hour
    if start == end:
        return now
    quiet = (hour >= start or hour < end) if start > end else (start <= hour < end)
    if not quiet:
        return now
    day: date = now.date() if hour < end else now.date() + timedelta(days=1)
    return datetime.combine(day, time(end))
