"""Search the complaint list the way the front desk looks a complaint up: by the start of its
number, the plate, the phone number or the complainant's name.

Each word of the search box is recognised by its shape and matched as a prefix of one column,
which a B-tree index serves (:mod:`panel.complaints.indexes`); words are combined with AND. This
replaces Flask-Admin's ``CAST(col AS TEXT) ILIKE '%word%'`` over every searchable column, which
reads the whole table for every search.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement

from panel.complaints.models import Complaint

PLACEHOLDER = _l("Complaint number, plate, phone or name (from the start)")

_NUMBER = re.compile(r"^(?:TS-?)?(\d{1,8})(?:-(\d{0,5}))?$", re.IGNORECASE)
_PHONE = re.compile(r"^(?:\+86|0086)?[\d\-]{3,}$")
_PLATE_START = re.compile(
    r"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-z]"
)


def _prefix(column, value: str) -> ColumnElement[bool]:
    """``column LIKE 'value%'`` with the wildcards of ``value`` escaped: a B-tree range."""
    escaped = value.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return column.like(f"{escaped}%", escape="/")


def number_prefix(word: str) -> str | None:
    """``TS-20260105-0012``, ``ts20260105``, ``20260105-12`` → the start of a number."""
    word = word.upper()
    if not word.startswith("TS") and "-" not in word:
        return None
    match = _NUMBER.match(word)
    if not match:
        return "TS-" if word in ("TS", "TS-") else None
    day, serial = match.groups()
    if len(day) < 8:
        return None if serial is not None else f"TS-{day}"
    return f"TS-{day}" + ("" if serial is None else f"-{serial}")


def condition(word: str) -> ColumnElement[bool]:
    """The indexed condition one search word stands for."""
    number = number_prefix(word)
    if number is not None:
        return _prefix(Complaint.number, number)
    if _PHONE.match(word):
        phone = re.sub(r"^(\+86|0086)", "", word)
        return _prefix(Complaint.complainant_phone, phone)
    if _PLATE_START.match(word):
        return _prefix(Complaint.plate_number, re.sub(r"[\s·.\-]", "", word).upper())
    return _prefix(Complaint.complainant_name, word)


def conditions(search: str) -> list[ColumnElement[bool]]:
    """One condition per word of the search box."""
    return [condition(word) for word in search.split() if word]
