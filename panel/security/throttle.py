"""Login throttling: too many failed logins for one login name, or from one address, within a
window lock further tries for a while. Kept in the database, so it holds across workers.

Defaults: 5 failures of a login name within 15 minutes lock it for 15 minutes; 20 failures
from one address lock the address (an office behind one router shares it). A successful login
clears the count of its login name. All four numbers are settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, insert, select, text, update

from panel.organisation.settings import get_setting, register_defaults
from panel.security.models import LoginAttempt, LoginOutcome

register_defaults(
    {
        "security.login_max_failures": (int, 5),
        "security.address_max_failures": (int, 20),
        "security.login_window_minutes": (int, 15),
        "security.lockout_minutes": (int, 15),
    }
)


@dataclass(frozen=True)
class Policy:
    max_failures: int
    address_max_failures: int
    window: timedelta
    lockout: timedelta

    @classmethod
    def load(cls, session) -> Policy:
        """The limits as set in the ``setting`` table (or their defaults)."""
        return cls(
            max_failures=max(1, get_setting(session, "security.login_max_failures")),
            address_max_failures=max(1, get_setting(session, "security.address_max_failures")),
            window=timedelta(minutes=get_setting(session, "security.login_window_minutes")),
            lockout=timedelta(minutes=get_setting(session, "security.lockout_minutes")),
        )


def serialize(connection: Connection, username: str, ip: str) -> None:
    """Take the login name's and the address's turn: attempts on the same keys then follow
    one another, each seeing the last one committed (PostgreSQL advisory locks held to the
    end of the transaction; SQLite's writers are serialised by ``BEGIN IMMEDIATE``)."""
    if connection.dialect.name != "postgresql":
        return
    for key in sorted({f"user:{username}", f"ip:{ip}"}):  # one order: no deadlock
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def record_attempt(
    connection: Connection,
    username: str,
    ip: str,
    at: datetime,
    outcome: LoginOutcome = LoginOutcome.FAILED,
) -> int:
    """Write a new attempt (failed until proven otherwise, or refused); return its id."""
    result = connection.execute(
        insert(LoginAttempt).values(at=at, username=username, ip=ip, outcome=outcome)
    )
    return result.inserted_primary_key[0]


def set_outcome(connection: Connection, attempt_id: int, outcome: LoginOutcome) -> None:
    """Record how an attempt ended (``ok`` once the password proved right)."""
    connection.execute(
        update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(outcome=outcome)
    )


def _lock_end(
    connection: Connection,
    condition,
    max_failures: int,
    policy: Policy,
    now: datetime,
) -> datetime | None:
    """When the lock of one key ends, if ``max_failures`` failures fell within one window."""
    query = (
        select(LoginAttempt.at)
        .where(
            condition,
            LoginAttempt.outcome == LoginOutcome.FAILED,
            LoginAttempt.at > now - policy.window - policy.lockout,
        )
        .order_by(LoginAttempt.id.desc())
        .limit(max_failures)
    )
    times = connection.scalars(query).all()
    if len(times) < max_failures or max(times) - min(times) > policy.window:
        return None
    end = max(times) + policy.lockout
    return end if end > now else None


def locked_until(
    connection: Connection,
    username: str,
    ip: str,
    policy: Policy,
    now: datetime,
) -> tuple[str, datetime] | None:
    """Whether the login name or the address is locked now: ``(scope, until)`` or None.
    Only failures after the login name's last success count against it."""
    last_success = connection.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username, LoginAttempt.outcome == LoginOutcome.OK
        )
    )
    by_name = LoginAttempt.username == username
    if last_success is not None:
        by_name = by_name & (LoginAttempt.at >= last_success)
    locks = [
        ("user", _lock_end(connection, by_name, policy.max_failures, policy, now)),
        (
            "address",
            _lock_end(
                connection,
                LoginAttempt.ip == ip,
                policy.address_max_failures,
                policy,
                now,
            ),
        ),
    ]
    locks = [(scope, end) for scope, end in locks if end is not None]
    return max(locks, key=lambda lock: lock[1]) if locks else None
