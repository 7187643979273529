"""Wall-clock time of the business: China Standard Time, stored without tzinfo.

China has no daylight saving, so naive local times are unambiguous and read the same
in the database, the panel and the printed notices. ``travel_to`` sets the clock for a block
(historical imports, the demo data, tests of deadlines).
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime
from zoneinfo import ZoneInfo

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")
_frozen: ContextVar[datetime | None] = ContextVar("panel_clock", default=None)


def now() -> datetime:
    """The current business time, to the second."""
    frozen = _frozen.get()
    if frozen is not None:
        return frozen
    return datetime.now(BUSINESS_TZ).replace(tzinfo=None, microsecond=0)


def today() -> date:
    return now().date()


@contextlib.contextmanager
def travel_to(moment: datetime) -> Iterator[datetime]:
    """Make ``now()`` return ``moment`` inside the block."""
    token = _frozen.set(moment.replace(microsecond=0))
    try:
        yield moment
    finally:
        _frozen.reset(token)
