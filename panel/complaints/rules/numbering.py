"""Complaint numbers: ``TS-YYYYMMDD-NNNN``, unique even when clerks register at the same instant."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from panel.complaints.models import ComplaintNumberCounter

PREFIX = "TS"


def next_complaint_number(session: Session, day: date) -> str:
    """Take the next number of ``day`` from its counter row.

    The upsert increments and returns in one statement; the row lock it takes is held to the
    end of the transaction, so a concurrent registration waits instead of reading the same value.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ComplaintNumberCounter.__table__
    statement = (
        insert(table)
        .values(day=day, last_value=1)
        .on_conflict_do_update(
            index_elements=[table.c.day], set_={"last_value": table.c.last_value + 1}
        )
        .returning(table.c.last_value)
    )
    value = session.execute(statement).scalar_one()
    return f"{PREFIX}-{day:%Y%m%d}-{value:04d}"
