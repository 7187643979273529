"""Formatting helpers for the message texts: Jinja environments, filters, privacy scrubbing."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import ChainableUndefined, Template, Undefined
from jinja2.sandbox import SandboxedEnvironment

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")
#: Context keys that hold raw phone numbers: dropped before rendering.
PHONE_KEYS = frozenset(
    {"phone", "mobile", "tel", "telephone", "customer_phone", "complainant_phone", "contact_phone"}
)
_MOBILE = re.compile(r"(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-)(\d{3,4})(\d{4})(?!\d)")
#: Markdown-active characters and their full-width look-alikes (robots render no escapes).
_MD_SAFE = str.maketrans("*_`[]<>|~#", "＊＿｀［］＜＞｜～＃")
_MD_URL = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})


def blank(value: Any) -> bool:
    """Whether a context value counts as absent (undefined, ``None`` or an empty string)."""
    return value is None or isinstance(value, Undefined) or value == ""


def scrub_phones(text: str) -> str:
    """Mask every mainland mobile (``138****5678``) and landline (``0571-****4321``) number."""
    text = _MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)
    return _LANDLINE.sub(lambda m: f"{m[1]}{'*' * len(m[2])}{m[3]}", text)


def is_masked_phone(value: str) -> bool:
    """Whether ``value`` is an already-masked phone number: ``***`` and no run of 5+ digits."""
    return "***" in value and not re.search(r"\d{5}", value)


def md_escape(text: str) -> str:
    """Make a value inert in robot markdown: one line, markdown characters made full-width."""
    return " ".join(text.split()).translate(_MD_SAFE)


def md_url(url: str) -> str:
    """A URL fit for ``[label](url)``."""
    return url.translate(_MD_URL)


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else :class:`ValueError`."""
    if not re.match(r"https?://[^\s]+$", url):
        raise ValueError("url must be an absolute http(s) URL")
    return url


def format_datetime(value: Any) -> str:
    """``2024-05-06 14:30``; aware datetimes are shown in China Standard Time."""
    if blank(value):
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BUSINESS_TZ)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def format_percent(value: Any, digits: int = 1) -> str:
    """A ratio (0.853) as ``85.3%``; strings pass through."""
    if blank(value):
        return ""
    if isinstance(value, int | float | Decimal):
        return f"{float(value) * 100:.{digits}f}%"
    return str(value)


def format_yuan(value: Any) -> str:
    """An amount in yuan as ``¥1,234.50``."""
    if blank(value):
        return ""
    if isinstance(value, int | float | Decimal):
        return f"¥{value:,.2f}"
    return str(value)


def format_count(value: Any) -> str:
    """A number of complaints as ``12 件``."""
    return "" if blank(value) else f"{value} 件"


def format_duration(value: Any) -> str:
    """A timedelta (or minutes) as ``2 小时 15 分钟`` / ``3 天 4 小时``."""
    if blank(value):
        return ""
    minutes = int(value.total_seconds() // 60) if isinstance(value, timedelta) else int(value)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} 天" + (f" {hours} 小时" if hours else "")
    if hours:
        return f"{hours} 小时" + (f" {mins} 分钟" if mins else "")
    return f"{mins} 分钟"


def _finalize_text(value: Any) -> str:
    return "" if blank(value) else scrub_phones(str(value))


def _finalize_markdown(value: Any) -> str:
    return md_escape(_finalize_text(value))


def _environment(finalize) -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=ChainableUndefined, autoescape=False, finalize=finalize)
    env.filters.update(
        dt=format_datetime,
        pct=format_percent,
        yuan=format_yuan,
        pieces=format_count,
        duration=format_duration,
    )
    return env


TEXT_ENV = _environment(_finalize_text)
MARKDOWN_ENV = _environment(_finalize_markdown)


@functools.lru_cache(maxsize=512)
def template(source: str, markdown: bool = False) -> Template:
    """The compiled sandboxed template for ``source`` (cached)."""
    return (MARKDOWN_ENV if markdown else TEXT_ENV).from_string(source)
