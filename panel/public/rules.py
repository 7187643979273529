"""What a customer may learn of a complaint, and when a survey answer counts as dissatisfied.

The progress page tells the status in plain words, the dates of the steps, the department
handling it, the expected reply date and — once approved — the approved reply. Never internal
notes, staff names, remedies or amounts under review, or the phone number (001 taxi §七,
003 §9, 000 §五.6: only approved content reaches the customer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.organisation.settings import get_setting, register_defaults

register_defaults({"survey.dissatisfied_at_most": (int, 2), "public.survey_valid_days": (int, 30)})

S = Status
_EXTENSION = re.compile(r"^(0\d{2,3}-?\d{7,8})-\d{1,6}$")
CUSTOMER_STATUS = {
    S.REGISTERED: _l("Received; being assigned to the department in charge"),
    S.DISPATCHED: _l("Passed to the department in charge"),
    S.INVESTIGATING: _l("Being investigated"),
    S.AWAITING_APPROVAL: _l("The solution is being reviewed"),
    S.APPROVED: _l("The result is decided; we will contact you"),
    S.REPLIED: _l("Replied"),
    S.CALLBACK_DONE: _l("Completed"),
    S.CLOSED: _l("Completed"),
    S.INVALID: _l("Completed after investigation"),
    S.PENDING_CUSTOMER: _l("Waiting for your reply or cooperation"),
    S.REOPENED: _l("Being handled again"),
}
CUSTOMER_STEP = {
    S.REGISTERED: _l("Complaint received"),
    S.DISPATCHED: _l("Passed to the department in charge"),
    S.INVESTIGATING: _l("Investigation started"),
    S.AWAITING_APPROVAL: _l("Solution submitted for review"),
    S.APPROVED: _l("Result decided"),
    S.REPLIED: _l("Replied to you"),
    S.CALLBACK_DONE: _l("Your opinion recorded"),
    S.CLOSED: _l("Completed"),
    S.INVALID: _l("Completed after investigation"),
    S.PENDING_CUSTOMER: _l("Waiting for your reply or cooperation"),
    S.REOPENED: _l("Handled again at your request"),
}
# The reply is shown once it was approved (and while a reopened complaint is not answered
# again), and the tactful reply of a complaint closed as invalid.
REPLY_SHOWN = frozenset({S.APPROVED, S.REPLIED, S.CALLBACK_DONE, S.CLOSED, S.INVALID})
ANSWERED = frozenset({S.REPLIED, S.CALLBACK_DONE, S.CLOSED, S.INVALID})


@dataclass(frozen=True)
class ProgressStep:
    at: datetime
    text: str


@dataclass(frozen=True)
class Progress:
    """A complaint as its complainant may see it."""

    number: str
    received_at: datetime
    status: Status
    status_text: str
    department: str | None
    steps: tuple[ProgressStep, ...]
    expected_reply: datetime | None
    reply: str | None
    may_survey: bool


def progress_of(complaint: Complaint) -> Progress:
    """The customer's view of ``complaint``: nothing beyond what the module docstring lists."""
    department = complaint.responsible_department or complaint.complained_department
    reply = (complaint.reply_content or "").strip()
    return Progress(
        number=complaint.number,
        received_at=complaint.received_at,
        status=complaint.status,
        status_text=str(CUSTOMER_STATUS[complaint.status]),
        department=department.name if department is not None else None,
        steps=tuple(
            ProgressStep(t.at, str(CUSTOMER_STEP[t.to_status])) for t in complaint.transitions
        ),
        expected_reply=None if complaint.status in ANSWERED else complaint.resolve_due_at,
        reply=reply if reply and complaint.status in REPLY_SHOWN else None,
        may_survey=complaint.status is S.REPLIED,
    )


def is_satisfied(session: Session, ratings: dict[str, int]) -> bool:
    """A survey answer is dissatisfied (不满意) when the result or the overall rating is at
    most ``survey.dissatisfied_at_most`` (2: 不满意 or 很不满意); a dissatisfied customer
    re-enters the process like a dissatisfied callback (000 客户不满 §5)."""
    limit = get_setting(session, "survey.dissatisfied_at_most")
    return ratings["result"] > limit and ratings["overall"] > limit


def normalise_number(raw: str | None) -> str:
    """A complaint number as typed: blanks dropped, upper case, at most 20 characters."""
    return "".join((raw or "").split()).upper()[:20]


def phone_tail(phone: str | None) -> str:
    """The last four digits of a phone number (a landline's extension left out)."""
    phone = phone or ""
    extension = _EXTENSION.match(phone)
    if extension:
        phone = extension[1]
    return re.sub(r"\D", "", phone)[-4:]
