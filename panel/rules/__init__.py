"""Business rules, below the views: they hold on every write path (form, inline, CLI, import)."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from panel.rules.errors import RuleError

__all__ = ["RuleError", "install"]

_installed = False


def _before_flush(session: Session, _context, _instances) -> None:
    from panel import clock
    from panel.models import Complaint
    from panel.rules.integrity import check_session
    from panel.rules.numbering import next_complaint_number

    for obj in session.new:
        if isinstance(obj, Complaint) and not obj.number:
            obj.number = next_complaint_number(session, clock.today())
    check_session(session)


def install() -> None:
    """Attach the rule hooks to every SQLAlchemy session (idempotent)."""
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _before_flush)
        _installed = True
