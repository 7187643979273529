"""When a complaint may say it was received: not after it was registered (give or take a few
minutes of clock difference), not longer ago than a set number of days — older complaints come
in only as history a manager imports — and no process step before it.

Checked at flush time for every new complaint and every change of 受理时间, whatever the path
(form, inline edit, CSV import, CLI); the registration form asks the same function first, so
that the clerk sees the message next to the field together with every other error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from panel.access.roles import MANAGERS
from panel.core.errors import RuleError
from panel.organisation.models.user import User
from panel.organisation.settings import get_setting, register_defaults

MAX_AGE_KEY = "registration.max_age_days"
# Clocks of a phone, a PC and the server differ by a minute or two; a little more is allowed.
FUTURE_TOLERANCE = timedelta(minutes=10)
HISTORY_FLAG = "history_import"

register_defaults({MAX_AGE_KEY: (int, 90)})


@contextlib.contextmanager
def history_import(session: Session) -> Iterator[None]:
    """Inside the block a manager may register complaints received before the window: an
    import of earlier years' ledgers (``flask import-complaints --history``)."""
    before = session.info.get(HISTORY_FLAG)
    session.info[HISTORY_FLAG] = True
    try:
        yield
    finally:
        if before is None:
            session.info.pop(HISTORY_FLAG, None)
        else:
            session.info[HISTORY_FLAG] = before


def _importing_history(session: Session, actor: User | None) -> bool:
    return bool(session.info.get(HISTORY_FLAG)) and actor is not None and actor.role in MANAGERS


def check_received_at(
    session: Session, received_at: datetime | None, registered_at: datetime, actor: User | None
) -> None:
    """Refuse a receipt time after the registration or older than the window."""
    if received_at is None:
        return
    if received_at > registered_at + FUTURE_TOLERANCE:
        raise RuleError(
            _(
                "Received at: %(value)s is after the registration (%(registered)s); the "
                "receipt cannot be in the future.",
                value=f"{received_at:%Y-%m-%d %H:%M}",
                registered=f"{registered_at:%Y-%m-%d %H:%M}",
            ),
            "received_at",
        )
    days = get_setting(session, MAX_AGE_KEY)
    if received_at < registered_at - timedelta(days=days) and not _importing_history(
        session, actor
    ):
        raise RuleError(
            _(
                "Received at: %(value)s is more than %(days)d days before the registration; "
                "older complaints are imported as history by a manager.",
                value=f"{received_at:%Y-%m-%d %H:%M}",
                days=days,
            ),
            "received_at",
        )


def check_step_time(received_at: datetime | None, at: datetime) -> None:
    """No process step before the complaint was received (closed before it came in)."""
    if received_at is not None and at < received_at:
        raise RuleError(
            _(
                "A process step at %(at)s cannot come before the complaint was received "
                "(%(received)s).",
                at=f"{at:%Y-%m-%d %H:%M}",
                received=f"{received_at:%Y-%m-%d %H:%M}",
            ),
            "received_at",
        )
