"""The monthly reward/penalty summary in the general manager's report (001: 每月奖罚汇总).

The counting rules belong to the penalties feature (:mod:`panel.penalties.summary`); the report
shows the people with a penalty, a revoked penalty or a commendation in the period.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session


def penalty_summary(session: Session, start: date, end: date, department_id: int | None = None):
    """Per staff member, the penalties in force decided in ``[start, end)`` and the
    commendations received then (``panel.penalties.summary.StaffRow`` rows, most points first)."""
    from panel.penalties.summary import penalty_summary as summary

    rows = summary(session, start, end, department_id).staff
    shown = [
        row for row in rows if row.tally.penalties or row.tally.revoked or row.tally.commendations
    ]
    return sorted(shown, key=lambda row: (-row.tally.points, row.department, row.staff_no))
