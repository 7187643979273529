"""Rate limits of the public pages, kept in the database so that they hold across workers
(the same scheme as the login throttle, :mod:`panel.security.throttle`).

A limit counts the events of one key (an address, a complaint number) in a window; when
``max_events`` of them fall within one window, the key is refused until ``lockout`` after the
last one. Defaults (settings ``public.*``): 30 progress lookups per address in 15 minutes;
10 wrong lookups of one complaint number lock it for 15 minutes; 5 complaints per address an
hour; 20 unknown survey links per address in 15 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, or_, select, text
from sqlalchemy.orm import Session

from panel.organisation.settings import get_setting, register_defaults
from panel.public.models import RateEvent

register_defaults(
    {
        "public.track_address_max": (int, 30),
        "public.track_number_max_failures": (int, 10),
        "public.track_window_minutes": (int, 15),
        "public.track_lockout_minutes": (int, 15),
        "public.complain_address_max": (int, 5),
        "public.complain_window_minutes": (int, 60),
        "public.survey_address_max_failures": (int, 20),
    }
)


@dataclass(frozen=True)
class Limit:
    """``max_events`` events (only failed ones when ``failures_only``) of a key within
    ``window`` lock the key for ``lockout``."""

    bucket: str
    max_events: int
    window: timedelta
    lockout: timedelta
    failures_only: bool = False


def _minutes(session: Session, key: str) -> timedelta:
    return timedelta(minutes=max(1, get_setting(session, key)))


def track_limits(session: Session) -> tuple[Limit, Limit]:
    """The progress lookup's limits: per address (every lookup), per number (wrong ones)."""
    window = _minutes(session, "public.track_window_minutes")
    lockout = _minutes(session, "public.track_lockout_minutes")
    address = Limit(
        "track_ip", max(1, get_setting(session, "public.track_address_max")), window, lockout
    )
    number = Limit(
        "track_number",
        max(1, get_setting(session, "public.track_number_max_failures")),
        window,
        lockout,
        failures_only=True,
    )
    return address, number


def complain_limit(session: Session) -> Limit:
    """Complaints filed on the public form from one address."""
    window = _minutes(session, "public.complain_window_minutes")
    return Limit(
        "complain_ip", max(1, get_setting(session, "public.complain_address_max")), window, window
    )


def survey_limit(session: Session) -> Limit:
    """Unknown or spent survey links tried from one address."""
    window = _minutes(session, "public.track_window_minutes")
    maximum = max(1, get_setting(session, "public.survey_address_max_failures"))
    return Limit("survey_ip", maximum, window, window, failures_only=True)


def serialize(connection: Connection, *keys: str) -> None:
    """Take the keys' turn: events of the same keys follow one another, each seeing the one
    before (PostgreSQL advisory locks to the end of the transaction; SQLite's writers are
    serialised already)."""
    if connection.dialect.name != "postgresql":
        return
    ordered = sorted(set(keys))  # one order: no deadlock (taken left to right, in one statement)
    locks = ", ".join(f"pg_advisory_xact_lock(hashtext(:k{n}))" for n in range(len(ordered)))
    connection.execute(text(f"SELECT {locks}"), {f"k{n}": key for n, key in enumerate(ordered)})


def locked_until(connection: Connection, limit: Limit, key: str, now: datetime) -> datetime | None:
    """When the lock of ``key`` under ``limit`` ends, or None when it is not locked."""
    return locks_end(connection, [(limit, key)], now)[0]


def locks_end(
    connection: Connection, checks: list[tuple[Limit, str]], now: datetime
) -> list[datetime | None]:
    """:func:`locked_until` of several ``(limit, key)`` pairs, read in one query."""
    wanted = [
        (RateEvent.bucket == limit.bucket)
        & (RateEvent.key == key[:64])
        & (RateEvent.at > now - limit.window - limit.lockout)
        for limit, key in checks
    ]
    rows = connection.execute(
        select(RateEvent.bucket, RateEvent.key, RateEvent.at, RateEvent.failed).where(or_(*wanted))
    ).all()
    return [_lock_end(limit, key[:64], rows, now) for limit, key in checks]


def _lock_end(limit: Limit, key: str, rows, now: datetime) -> datetime | None:
    """The last ``max_events`` counted events of the key lock it when they fall within one
    window; the lock lasts ``lockout`` from the last of them."""
    times = sorted(
        (
            row.at
            for row in rows
            if row.bucket == limit.bucket
            and row.key == key
            and row.at > now - limit.window - limit.lockout
            and (row.failed or not limit.failures_only)
        ),
        reverse=True,
    )[: limit.max_events]
    if len(times) < limit.max_events or times[0] - times[-1] > limit.window:
        return None
    end = times[0] + limit.lockout
    return end if end > now else None


def record(connection: Connection, limit: Limit, key: str, now: datetime, failed: bool) -> None:
    """Count one event of ``key``."""
    record_many(connection, [(limit, key)], now, failed)


def record_many(
    connection: Connection, events: list[tuple[Limit, str]], now: datetime, failed: bool
) -> None:
    """Count one event of each ``(limit, key)`` (one statement)."""
    connection.execute(
        insert(RateEvent),
        [{"bucket": limit.bucket, "key": key[:64], "at": now, "failed": failed}
         for limit, key in events],
    )  # fmt: skip


def prune(session: Session, before: datetime) -> int:
    """Forget events older than ``before`` (a nightly job); returns how many."""
    result = session.execute(delete(RateEvent).where(RateEvent.at < before))
    return result.rowcount or 0
