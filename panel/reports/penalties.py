"""The monthly reward/penalty summary of the general manager's report (001: 每月奖罚汇总).

``penalty_summary`` is the seam the penalties feature extends: it reads the ``penalty`` table
directly, so the summary shows approved penalties even before richer records exist.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from panel.models import Department, Penalty, PenaltyStatus, Staff

# In force: approved, and still so while under appeal or once upheld.
IN_FORCE = (PenaltyStatus.APPROVED, PenaltyStatus.APPEALED, PenaltyStatus.UPHELD)


@dataclass
class StaffPenalties:
    staff: str
    department: str
    penalties: int = 0
    points: int = 0
    kinds: Counter = field(default_factory=Counter)
    commendations: int = 0  # filled once commendations are recorded

    @property
    def kinds_text(self) -> str:
        return "、".join(f"{kind.label}×{n}" for kind, n in self.kinds.most_common())


def penalty_summary(session: Session, start: date, end: date) -> list[StaffPenalties]:
    """Penalties in force decided in ``[start, end)``, per staff member, most points first.

    The decision time is ``decided_at`` where the penalty table has it, else when the row
    was recorded.
    """
    decided = getattr(Penalty, "decided_at", Penalty.created_at)
    rows = session.execute(
        select(Penalty.kind, Penalty.points, Staff, Department.name)
        .join(Staff, Penalty.staff_id == Staff.id)
        .join(Department, Staff.department_id == Department.id)
        .where(
            Penalty.status.in_(IN_FORCE),
            decided >= datetime.combine(start, time.min),
            decided < datetime.combine(end, time.min),
        )
    )
    lines: dict[int, StaffPenalties] = {}
    for kind, points, staff, department in rows:
        line = lines.setdefault(staff.id, StaffPenalties(str(staff), department))
        line.penalties += 1
        line.points += points or 0
        line.kinds[kind] += 1
    return sorted(lines.values(), key=lambda line: (-line.points, line.department, line.staff))
