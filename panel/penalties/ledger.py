"""The staff ledger (员工奖惩台帐): one person's complaints, penalties, commendations and
recoveries, with the figures per month counted as in :mod:`panel.penalties.summary`.

The month figures come from one light query per record kind (dates and numbers only), bucketed
here, so a driver with thousands of complaints over years still gets the page at once; the
page lists the latest complaints and counts the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session, selectinload

from panel.complaints.models import Complaint
from panel.organisation.models.staff import Staff
from panel.penalties.models import IN_FORCE, Penalty, PenaltyStatus
from panel.penalties.records import Commendation, Recovery, Responsibility
from panel.penalties.summary import ZERO, Tally

LATEST_COMPLAINTS = 50


def month_of(moment) -> date:
    return date(moment.year, moment.month, 1)


@dataclass
class MonthFigures:
    month: date
    tally: Tally

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass
class StaffLedger:
    staff: Staff
    complaints: list[Complaint]  # the latest LATEST_COMPLAINTS
    complaint_count: int
    penalties: list[Penalty]
    commendations: list[Commendation]
    recoveries: list[Recovery]
    months: list[MonthFigures]
    total: Tally


def _naming(staff: Staff):
    """(id, received_at) of the complaints naming the person, as complained staff or found
    responsible: a UNION of two indexed lookups (an OR, or an IN over the union, makes
    PostgreSQL scan the whole complaint table)."""
    return union(
        select(Complaint.id, Complaint.received_at).where(
            Complaint.complained_staff_id == staff.id
        ),
        select(Complaint.id, Complaint.received_at)
        .join(Responsibility, Responsibility.complaint_id == Complaint.id)
        .where(Responsibility.staff_id == staff.id),
    ).subquery()


def monthly_figures(session: Session, staff: Staff) -> dict[date, Tally]:
    """The person's figures per month (the counting rules of :mod:`panel.penalties.summary`)."""
    months: dict[date, Tally] = defaultdict(Tally)
    naming = _naming(staff)
    for (received_at,) in session.execute(select(list(naming.c)[1])):
        months[month_of(received_at)].complaints += 1
    decided = select(
        Penalty.decided_at, Penalty.status, Penalty.points, Penalty.major_demerit, Penalty.circular
    ).where(Penalty.staff_id == staff.id, Penalty.decided_at.is_not(None))
    for decided_at, status, points, demerit, circular in session.execute(decided):
        tally = months[month_of(decided_at)]
        if status is PenaltyStatus.REVOKED:
            tally.revoked += 1
        elif status in IN_FORCE:
            tally.penalties += 1
            tally.points += points
            tally.demerits += int(bool(demerit))
            tally.circulars += int(bool(circular))
            tally.under_appeal += int(status is PenaltyStatus.APPEALED)
    praised = select(Commendation.received_at, Commendation.points).filter_by(staff_id=staff.id)
    for received_at, points in session.execute(praised):
        tally = months[month_of(received_at)]
        tally.commendations += 1
        tally.commendation_points += points
    owed = select(Recovery.opened_at, Recovery.amount_due, Recovery.amount_recovered).where(
        Recovery.staff_id == staff.id, Recovery.opened_at.is_not(None)
    )
    for opened_at, due, recovered in session.execute(owed):
        tally = months[month_of(opened_at)]
        tally.recovery_due += Decimal(due).quantize(ZERO)
        tally.recovered += Decimal(recovered).quantize(ZERO)
    return {month: tally for month, tally in months.items() if not tally.is_empty}


def staff_ledger(session: Session, staff: Staff) -> StaffLedger:
    """Everything on one person's record, newest first, and the figures of each month."""
    naming = _naming(staff)
    complaint_id, received_at = list(naming.c)
    latest = select(complaint_id).order_by(received_at.desc()).limit(LATEST_COMPLAINTS)
    complaints = list(
        session.scalars(
            select(Complaint)
            .where(Complaint.id.in_(latest.scalar_subquery()))
            .order_by(Complaint.received_at.desc())
        )
    )
    complaint_count = session.scalar(select(func.count()).select_from(naming))
    penalties = list(
        session.scalars(
            select(Penalty)
            .filter_by(staff_id=staff.id)
            .options(
                selectinload(Penalty.complaint),
                selectinload(Penalty.offence),
                selectinload(Penalty.appeal),
            )
            .order_by(Penalty.decided_at.desc(), Penalty.id.desc())
        )
    )
    commendations = list(
        session.scalars(
            select(Commendation)
            .filter_by(staff_id=staff.id)
            .order_by(Commendation.received_at.desc())
        )
    )
    recoveries = list(
        session.scalars(
            select(Recovery)
            .filter_by(staff_id=staff.id)
            .options(selectinload(Recovery.complaint))
            .order_by(Recovery.opened_at.desc())
        )
    )
    figures = monthly_figures(session, staff)
    months = [MonthFigures(month, figures[month]) for month in sorted(figures, reverse=True)]
    total = Tally()
    for entry in months:
        total.add(entry.tally)
    return StaffLedger(
        staff, complaints, complaint_count, penalties, commendations, recoveries, months, total
    )
