"""Archived notices are immutable below the views: no ORM update or delete, bulk or not.

The migration adds database triggers for the same rule, for writes that bypass the ORM.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from panel.core.errors import RuleError
from panel.notices.models import Notice

ARCHIVE_TABLES = frozenset({"notice", "notice_file"})

_installed = False


def _refuse() -> RuleError:
    return RuleError(_("Archived notices cannot be changed or deleted; issue a new version."))


def _before_flush(session: Session, _context, _instances) -> None:
    for obj in session.deleted:
        if isinstance(obj, Notice):
            raise _refuse()
    for obj in session.dirty:
        if isinstance(obj, Notice) and session.is_modified(obj, include_collections=False):
            raise _refuse()


def _do_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in ARCHIVE_TABLES:
        raise _refuse()


def install() -> None:
    """Attach the guards to every session (idempotent)."""
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "do_orm_execute", _do_orm_execute)
        _installed = True
