"""Who is acting: rules that run at flush time need the user behind a change on every path.

The web request sets it from the logged-in user; CLI commands and imports run ``acting_as``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from panel.organisation.models.user import User

_explicit: ContextVar[User | None] = ContextVar("panel_actor", default=None)
_provider: Callable[[], User | None] | None = None


def set_actor_provider(provider: Callable[[], User | None]) -> None:
    """Install the fallback that finds the actor (the web app: the logged-in user)."""
    global _provider
    _provider = provider


def current_actor() -> User | None:
    """The user an ``acting_as`` block names, else the provider's answer, else None."""
    actor = _explicit.get()
    if actor is None and _provider is not None:
        actor = _provider()
    return actor


@contextlib.contextmanager
def acting_as(user: User | None) -> Iterator[User | None]:
    """Run a block as ``user`` (CLI commands, imports, tests, the demo loader)."""
    token = _explicit.set(user)
    try:
        yield user
    finally:
        _explicit.reset(token)
