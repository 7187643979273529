"""What each notice shows: the data handed to its template.

Notices that leave the company (the customer notice, the regulator letter, the circular) get a
reduced view built here, not the records themselves, so that an edited template cannot print
what must stay inside — fault evidence, proposed or rejected remedies, decision comments, the
customer's phone in a circular.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from panel.access import scope
from panel.complaints.enums import Status
from panel.complaints.models import Complaint
from panel.notices.settings import CompanyDetails
from panel.penalties.models import Penalty
from panel.remedies.models import Remedy, RemedyStatus

# The reply counts as approved from APPROVED on (DOMAIN.md "The process", step 5).
REPLY_APPROVED_STATUSES = frozenset(
    {Status.APPROVED, Status.REPLIED, Status.CALLBACK_DONE, Status.CLOSED}
)


@dataclass(frozen=True)
class ApprovedRemedy:
    kind: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class OutsideView:
    """A complaint as told outside the company: only approved content."""

    number: str
    received_at: datetime
    channel: str
    category: str
    complainant_name: str
    plate_number: str | None
    vehicle_model: str | None
    repair_order_no: str | None
    trip_at: datetime | None
    trip_route: str | None
    content: str
    customer_demand: str | None
    reply_content: str
    remedies: tuple[ApprovedRemedy, ...]
    fault: str | None
    responsible_department: str | None
    customer_opinion: str | None
    regulator_name: str | None
    regulator_replied_at: datetime | None

    @property
    def remedies_total(self) -> Decimal:
        return sum((r.amount for r in self.remedies), Decimal("0.00"))


@dataclass(frozen=True)
class CircularView:
    """A penalty as announced company-wide: no customer's personal data."""

    staff_name: str
    staff_no: str
    department: str
    position: str | None
    kind: str
    points: int
    reason: str
    complaint_number: str
    complaint_received_at: datetime
    complaint_category: str


def approved_remedies(complaint: Complaint) -> list[Remedy]:
    return [r for r in complaint.remedies if r.status is RemedyStatus.APPROVED]


def outside_view(complaint: Complaint) -> OutsideView:
    """The approved, outward-facing part of a complaint."""
    return OutsideView(
        number=complaint.number,
        received_at=complaint.received_at,
        channel=str(complaint.channel.label),
        category=str(complaint.category.label),
        complainant_name=complaint.complainant_name,
        plate_number=complaint.plate_number,
        vehicle_model=complaint.vehicle_model,
        repair_order_no=complaint.repair_order_no,
        trip_at=complaint.trip_at,
        trip_route=complaint.trip_route,
        content=complaint.content,
        customer_demand=complaint.customer_demand,
        reply_content=(complaint.reply_content or "").strip(),
        remedies=tuple(
            ApprovedRemedy(str(r.kind.label), r.description, r.amount)
            for r in approved_remedies(complaint)
        ),
        fault=str(complaint.fault.label) if complaint.fault else None,
        responsible_department=(
            complaint.responsible_department.name if complaint.responsible_department else None
        ),
        customer_opinion=complaint.customer_opinion,
        regulator_name=complaint.regulator_name,
        regulator_replied_at=complaint.regulator_replied_at,
    )


def circular_view(penalty: Penalty) -> CircularView:
    staff, complaint = penalty.staff, penalty.complaint
    return CircularView(
        staff_name=staff.name,
        staff_no=staff.staff_no,
        department=staff.department.name,
        position=staff.position,
        kind=str(penalty.kind.label),
        points=penalty.points,
        reason=penalty.reason,
        complaint_number=complaint.number,
        complaint_received_at=complaint.received_at,
        complaint_category=str(complaint.category.label),
    )


def ledger_rows(session: Session, start: date, end: date, actor=None) -> list[Complaint]:
    """Complaints received from ``start`` to ``end`` inclusive, oldest first, among those
    ``actor`` may see (a department manager: the department's)."""
    statement = (
        select(Complaint)
        .where(Complaint.received_at >= datetime.combine(start, datetime.min.time()))
        .where(
            Complaint.received_at < datetime.combine(end + timedelta(days=1), datetime.min.time())
        )
        .order_by(Complaint.received_at, Complaint.id)
        .options(
            selectinload(Complaint.responsible_department),
            selectinload(Complaint.handler),
        )
    )
    if actor is not None:
        statement = scope.restrict(statement, actor)
    return list(session.scalars(statement))


def ledger_summary(rows: list[Complaint]) -> dict[str, int]:
    closed = sum(1 for c in rows if c.status in (Status.CLOSED, Status.INVALID))
    return {"total": len(rows), "closed": closed, "open": len(rows) - closed}


# --- formatting helpers handed to every template --------------------------------------------
def cn_date(value: date | datetime | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def cn_datetime(value: datetime | None) -> str:
    return f"{cn_date(value)} {value:%H:%M}" if value else ""


def short_datetime(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else ""


def yuan(value: Decimal | None) -> str:
    return f"¥{value:,.2f}" if value is not None else ""


def label_of(value) -> str:
    return str(getattr(value, "label", value)) if value is not None else ""


HELPERS = {
    "cn_date": cn_date,
    "cn_datetime": cn_datetime,
    "short_datetime": short_datetime,
    "yuan": yuan,
    "label_of": label_of,
}


def base_context(company: CompanyDetails, number: str, version: int, issued_at, issuer: str):
    return {
        **HELPERS,
        "company": company,
        "number": number,
        "version": version,
        "issued_at": issued_at,
        "issuer": issuer,
    }
