"""Phone numbers shown only to those who need them (DOMAIN.md "Privacy", 001 taxi §七, 003 §9).

Clerks and advisors call customers back, so they see full numbers. Managers, the auditor and
the administrator work on figures and decisions: lists, detail pages and exports show them
masked numbers (``138****5678``, ``028-****3456``).
"""

from __future__ import annotations

import re

from panel.access.roles import FULL_PHONE_ROLES
from panel.organisation.models.user import Role

_MOBILE = re.compile(r"^(1\d{2})(\d{4})(\d{4})$")
_LANDLINE = re.compile(r"^(0(?:[12]\d|\d{3}))(-?)(\d{6,8})(-\d{1,6})?$")
_SERVICE_NUMBER = re.compile(r"^[48]00-?\d{3}-?\d{4}$")


def sees_full_phone(role: Role | None) -> bool:
    """Whether a user of ``role`` sees complete phone numbers (clerk and advisor only)."""
    return role in FULL_PHONE_ROLES


def mask_phone(phone: str | None) -> str | None:
    """Hide the middle of a phone number.

    A mobile keeps its first three and last four digits (``138****5678``); a landline keeps
    its area code and last four digits (``028-****3456``); 400/800 numbers belong to companies
    and stay whole. Anything else keeps at most its last four characters.
    """
    if phone is None or phone == "":
        return phone
    text = str(phone).strip()
    if _SERVICE_NUMBER.match(text):
        return text
    mobile = _MOBILE.match(text)
    if mobile:
        return f"{mobile.group(1)}****{mobile.group(3)}"
    landline = _LANDLINE.match(text)
    if landline:
        area, dash, number, extension = landline.groups()
        return f"{area}{dash}{'*' * (len(number) - 4)}{number[-4:]}{extension or ''}"
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]
