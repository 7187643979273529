"""Repeat complaints: the earlier complaints of a phone number or plate, and the link a clerk
makes at registration ("link as repeat"). A linked complaint is major by the classification
rule like one found by phone or plate within the repeat window (000 成都: 重复投诉)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

import phonenumbers
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, UniqueConstraint, or_, select
from sqlalchemy.orm import Mapped, Session, load_only, mapped_column, relationship

from panel.access import scope
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.errors import RuleError
from panel.core.extensions import db
from panel.core.models import label
from panel.core.validation import normalise_phone, normalise_plate

if TYPE_CHECKING:
    from panel.organisation.models.user import User

HISTORY_LIMIT = 20


class RepeatLink(db.Model):
    """A complaint registered as a repeat of an earlier one, by whom and when."""

    __tablename__ = "repeat_link"
    __table_args__ = (UniqueConstraint("complaint_id", "earlier_id", name="complaint_earlier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Complaint")
    )
    earlier_id: Mapped[int] = mapped_column(
        ForeignKey("complaint.id", ondelete="CASCADE"), index=True, info=label("Earlier complaint")
    )
    linked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), info=label("Linked by")
    )
    linked_at: Mapped[datetime] = mapped_column(default=clock.now, info=label("Linked at"))

    complaint: Mapped[Complaint] = relationship(foreign_keys=[complaint_id])
    earlier: Mapped[Complaint] = relationship(foreign_keys=[earlier_id])

    def __repr__(self) -> str:
        return f"<RepeatLink {self.complaint_id} -> {self.earlier_id}>"


def phone_forms(phone: str | None) -> list[str]:
    """The stored forms of a number: a landline may be kept with or without its dash."""
    try:
        phone = normalise_phone("", phone)
    except RuleError:
        return []
    if phone is None:
        return []
    forms = {phone}
    if re.match(r"^0\d{9,11}$", phone.replace("-", "")) and phone.count("-") <= 1:
        digits = phone.replace("-", "")
        number = phonenumbers.parse(digits, "CN")
        cut = 1 + phonenumbers.length_of_geographical_area_code(number)
        forms |= {digits, f"{digits[:cut]}-{digits[cut:]}"}
    return sorted(forms)


def earlier_complaints(
    session: Session,
    user: User | None,
    phone: str | None = None,
    plate: str | None = None,
    exclude_id: int | None = None,
    limit: int = HISTORY_LIMIT,
) -> list[Complaint]:
    """The complaints of this phone number or plate the user may see, newest first."""
    keys = []
    phones = phone_forms(phone)
    if phones:
        keys.append(Complaint.complainant_phone.in_(phones))
    try:
        plate = normalise_plate("", plate)
    except RuleError:
        plate = None
    if plate:
        keys.append(Complaint.plate_number == plate)
    if not keys:
        return []
    # What the lists show (case file, registration form): not the ~80 columns of a complaint.
    shown = (Complaint.number, Complaint.received_at, Complaint.status, Complaint.category)
    statement = select(Complaint).options(load_only(*shown)).where(or_(*keys))
    if exclude_id is not None:
        statement = statement.where(Complaint.id != exclude_id)
    statement = scope.restrict(statement, user)
    statement = statement.order_by(Complaint.received_at.desc(), Complaint.id.desc())
    return list(session.scalars(statement.limit(limit)))


def linked_earlier_ids(session: Session, complaint: Complaint) -> set[int]:
    """The ids of the complaints this one was linked to as a repeat."""
    if complaint.id is None:
        return set()
    statement = select(RepeatLink.earlier_id).where(RepeatLink.complaint_id == complaint.id)
    return set(session.scalars(statement))


def is_linked_repeat(session: Session, complaint: Complaint) -> bool:
    """Whether a link marks ``complaint`` as a repeat (pending in this flush or stored)."""
    for obj in session.new:
        if isinstance(obj, RepeatLink) and obj.complaint is complaint:
            return True
    if complaint.id is None:
        return False
    with session.no_autoflush:
        found = session.scalar(
            select(RepeatLink.id).where(RepeatLink.complaint_id == complaint.id).limit(1)
        )
    return found is not None


def link_repeats(session: Session, complaint: Complaint, earlier_ids, actor: User) -> list:
    """Mark ``complaint`` as a repeat of the chosen earlier complaints (ids the user may see);
    added to the session, flushed with the complaint."""
    links = []
    for raw in dict.fromkeys(earlier_ids or ()):
        try:
            earlier_id = int(raw)
        except (TypeError, ValueError):
            continue
        earlier = session.get(Complaint, earlier_id)
        if earlier is None or earlier is complaint or not scope.may_see(actor, earlier):
            raise RuleError(_("The earlier complaint chosen as the repeat is not available."))
        link = RepeatLink(complaint=complaint, earlier=earlier, linked_by_id=actor.id)
        session.add(link)
        links.append(link)
    return links
