"""Rules of the intake table, checked at flush time on every write path."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from panel.core.errors import RuleError

_installed = False


def check_intake_unique(session: Session, rows) -> None:
    """One row per site and month: a second one would count the site twice."""
    from panel.reports.models import MonthlyIntake

    seen: set[tuple] = set()
    for row in rows:
        if row.month is None or not row.site:
            continue
        key = (row.month, row.site)
        clash = key in seen
        if not clash:
            with session.no_autoflush:
                other = session.scalar(
                    select(MonthlyIntake.id).where(
                        MonthlyIntake.month == row.month,
                        MonthlyIntake.site == row.site,
                        MonthlyIntake.id != row.id if row.id else True,
                    )
                )
            clash = other is not None
        if clash:
            raise RuleError(
                _(
                    "%(site)s already has a figure for %(month)s; edit that row instead.",
                    site=row.site,
                    month=f"{row.month:%Y-%m}",
                ),
                "site",
            )
        seen.add(key)


def _before_flush(session: Session, _context, _instances) -> None:
    from panel.reports.models import MonthlyIntake

    rows = [o for o in (*session.new, *session.dirty) if isinstance(o, MonthlyIntake)]
    if rows:
        check_intake_unique(session, rows)


def install() -> None:
    """Attach the intake rules to every session (idempotent)."""
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _before_flush)
        _installed = True
