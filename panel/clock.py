"""Wall-clock time of the business: China Standard Time, stored without tzinfo.

China has no daylight saving, so naive local times are unambiguous and read the same
in the database, the panel and the printed notices.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current business time, to the second."""
    return datetime.now(BUSINESS_TZ).replace(tzinfo=None, microsecond=0)


def today() -> date:
    return now().date()
