"""Field validators shared by the models (every write path) and the forms (early feedback).

Each validator takes the field's label and the raw value, and returns the normalised value
or raises :class:`RuleError` with a message naming the field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from panel.core.errors import RuleError

AMOUNT_MAX = Decimal("9999999.99")

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?$")
_SERVICE_NUMBER = re.compile(r"^[48]00-?\d{3}-?\d{4}$")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTERS = "A-HJ-NP-Z"  # plates never use I or O
_PLATE_CLASSIC = re.compile(rf"^[{_PROVINCES}][A-Z][{_LETTERS}0-9]{{4}}[{_LETTERS}0-9挂学警港澳]$")
_PLATE_NEW_ENERGY = re.compile(
    rf"^[{_PROVINCES}][A-Z](?:[A-HJK][{_LETTERS}0-9]\d{{4}}|\d{{5}}[A-HJK])$"
)


def normalise_phone(label: str, value: str | None) -> str | None:
    """A mainland mobile (11 digits), a landline with area code, or a 400/800 number.

    Spaces are dropped and a leading +86 / 0086 country code is removed.
    """
    if value is None or not str(value).strip():
        return None
    phone = re.sub(r"[\s()（）]", "", str(value))
    phone = re.sub(r"^(\+86|0086)-?", "", phone)
    if _MOBILE.match(phone) or _LANDLINE.match(phone) or _SERVICE_NUMBER.match(phone):
        return phone
    raise RuleError(
        _(
            "%(field)s: “%(value)s” is not a valid phone number; enter an 11-digit mobile "
            "number or a landline with its area code, e.g. 13812345678 or 028-86123456.",
            field=label,
            value=value,
        )
    )


def normalise_plate(label: str, value: str | None) -> str | None:
    """A Chinese plate: 7 characters, or 8 for a new-energy vehicle (e.g. 川A12345, 粤BD12345)."""
    if value is None or not str(value).strip():
        return None
    plate = re.sub(r"[\s·.\-]", "", str(value)).upper()
    if _PLATE_CLASSIC.match(plate) or _PLATE_NEW_ENERGY.match(plate):
        return plate
    raise RuleError(
        _(
            "%(field)s: “%(value)s” is not a valid plate number; expected e.g. 川A12345 or "
            "the 8-character new-energy form 粤BD12345.",
            field=label,
            value=value,
        )
    )


def normalise_amount(label: str, value) -> Decimal | None:
    """A money amount in yuan: not negative, at most two decimals, at most ¥9,999,999.99."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("¥", "").strip())
    except InvalidOperation:
        raise RuleError(
            _("%(field)s: “%(value)s” is not an amount.", field=label, value=value)
        ) from None
    if not amount.is_finite():
        raise RuleError(_("%(field)s: “%(value)s” is not an amount.", field=label, value=value))
    if amount < 0:
        raise RuleError(_("%(field)s must not be negative.", field=label))
    if amount > AMOUNT_MAX:
        raise RuleError(_("%(field)s must not exceed ¥9,999,999.99.", field=label))
    if amount != amount.quantize(Decimal("0.01")):
        raise RuleError(_("%(field)s may have at most two decimal places.", field=label))
    return amount.quantize(Decimal("0.01"))


def check_length(label: str, value: str | None, max_length: int) -> str | None:
    """Text no longer than the column allows; surrounding blanks are trimmed."""
    if value is None:
        return None
    text = str(value).strip()
    if len(text) > max_length:
        raise RuleError(
            _(
                "%(field)s is too long: at most %(max)d characters (now %(len)d).",
                field=label,
                max=max_length,
                len=len(text),
            )
        )
    return text


def check_required(label: str, value) -> None:
    """Refuse a missing or blank value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RuleError(_("%(field)s is required.", field=label))


def check_int_range(label: str, value, low: int, high: int) -> int | None:
    """A whole number within [low, high]."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise RuleError(_("%(field)s must be a whole number.", field=label)) from None
    if not low <= number <= high:
        raise RuleError(
            _("%(field)s must be between %(low)d and %(high)d.", field=label, low=low, high=high)
        )
    return number
