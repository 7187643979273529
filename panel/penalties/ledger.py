"""The staff ledger (员工奖惩台帐): one person's complaints, penalties, commendations and
recoveries, with the figures per month counted as in :mod:`panel.penalties.summary`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from panel.models import Complaint, Staff
from panel.penalties.models import Penalty
from panel.penalties.records import Commendation, Recovery, Responsibility
from panel.penalties.summary import Tally, tallies


def _month(moment) -> date:
    return date(moment.year, moment.month, 1)


def _next(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


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
    complaints: list[Complaint]
    penalties: list[Penalty]
    commendations: list[Commendation]
    recoveries: list[Recovery]
    months: list[MonthFigures]
    total: Tally


def complaints_of(session: Session, staff: Staff) -> list[Complaint]:
    """Complaints naming the person: as complained staff or found responsible."""
    responsible = select(Responsibility.complaint_id).where(Responsibility.staff_id == staff.id)
    return list(
        session.scalars(
            select(Complaint)
            .where(or_(Complaint.complained_staff_id == staff.id, Complaint.id.in_(responsible)))
            .order_by(Complaint.received_at.desc())
        )
    )


def staff_ledger(session: Session, staff: Staff) -> StaffLedger:
    """Everything on one person's record, newest first, and the figures of each month."""
    complaints = complaints_of(session, staff)
    penalties = list(
        session.scalars(
            select(Penalty)
            .filter_by(staff_id=staff.id)
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
            select(Recovery).filter_by(staff_id=staff.id).order_by(Recovery.opened_at.desc())
        )
    )
    moments = [c.received_at for c in complaints] + [c.received_at for c in commendations]
    moments += [p.decided_at for p in penalties if p.decided_at]
    moments += [r.opened_at for r in recoveries if r.opened_at]
    months = sorted({_month(m) for m in moments}, reverse=True)
    figures = []
    total = Tally()
    for month in months:
        tally = tallies(session, month, _next(month), {staff.id}).get(staff.id, Tally())
        if not tally.is_empty:
            figures.append(MonthFigures(month, tally))
            total.add(tally)
    return StaffLedger(staff, complaints, penalties, commendations, recoveries, figures, total)
