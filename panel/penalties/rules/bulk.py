"""Bulk UPDATE/DELETE statements on the penalty tables are refused: they would skip the rules
and the audit trail (the ``penalty`` table itself is guarded by ``panel.core.flush``)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from panel.core.errors import RuleError
from panel.penalties.models import PenaltyAppeal
from panel.penalties.records import Commendation, Recovery, Responsibility
from panel.penalties.schedule import Offence

GUARDED = (PenaltyAppeal, Commendation, Recovery, Responsibility, Offence)


def refuse_bulk_writes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, GUARDED):
        raise RuleError(
            _(
                "Bulk changes of penalty records are refused: they would skip the rules and "
                "the audit trail. Change the rows one by one."
            )
        )


def install() -> None:
    """Attach the guard to every session (idempotent)."""
    if not event.contains(Session, "do_orm_execute", refuse_bulk_writes):
        event.listen(Session, "do_orm_execute", refuse_bulk_writes)
