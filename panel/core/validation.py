"""Field validators shared by the models (every write path) and the forms (early feedback).

Each validator takes the field's label and the raw value, and returns the normalised value
or raises :class:`RuleError` with a message naming the field.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import phonenumbers
from flask_babel import gettext as _
from phonenumbers import PhoneNumberType

from panel.core.errors import RuleError

AMOUNT_MAX = Decimal("9999999.99")

# The shapes a number may be written in; whether it can exist is libphonenumber's judgement.
# Control characters other than tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MOBILE = re.compile(r"^1\d{10}$")
_LANDLINE = re.compile(r"^(?P<area>0\d{2,3})?(?P<dash>-?)(?P<local>\d{7,8})(?:-\d{1,6})?$")
_SERVICE_NUMBER = re.compile(r"^[48]00-?\d{3}-?\d{4}$")
_KINDS = {
    "mobile": {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
    "landline": {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE},
    "service": {PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.UAN},
}
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTERS = "A-HJ-NP-Z"  # plates never use I or O
_PLATE_CLASSIC = re.compile(rf"^[{_PROVINCES}][A-Z][{_LETTERS}0-9]{{4}}[{_LETTERS}0-9挂学警港澳]$")
_PLATE_NEW_ENERGY = re.compile(
    rf"^[{_PROVINCES}][A-Z](?:[A-HJK][{_LETTERS}0-9]\d{{4}}|\d{{5}}[A-HJK])$"
)


def normalise_phone(label: str, value: str | None) -> str | None:
    """A mainland mobile (11 digits), a landline with area code, or a 400/800 number that
    can exist by Google's libphonenumber (``phonenumbers``): Beijing numbers have 8 digits,
    ``141…`` is no mobile range, and so on.

    Spaces are dropped and a leading +86 / 0086 country code is removed; otherwise the number
    keeps the form it was written in (``028-86123456`` or ``02886123456``).
    """
    if value is None or not str(value).strip():
        return None
    phone = re.sub(r"[\s()（）]", "", str(value))
    phone = re.sub(r"^(\+86|0086)-?", "", phone)
    if _exists(phone):
        return phone
    raise RuleError(
        _(
            "%(field)s: “%(value)s” is not a valid phone number; enter an 11-digit mobile "
            "number or a landline with its area code, e.g. 13812345678 or 028-86123456.",
            field=label,
            value=value,
        )
    )


def is_mobile(phone: str | None) -> bool:
    """Whether ``phone`` (as stored) is a mainland mobile number, one a text message reaches."""
    return bool(phone) and bool(_MOBILE.match(phone)) and _kind_of(phone) in _KINDS["mobile"]


def _exists(phone: str) -> bool:
    """Whether ``phone`` (without country code) is a number of mainland China's plan."""
    if _MOBILE.match(phone):
        return _kind_of(phone) in _KINDS["mobile"]
    if _SERVICE_NUMBER.match(phone):
        return _kind_of(phone.replace("-", "")) in _KINDS["service"]
    landline = _LANDLINE.match(phone)
    if not landline or not landline["area"]:
        return False
    digits = landline["area"] + landline["local"]
    if _kind_of(digits) not in _KINDS["landline"]:
        return False
    # Written with a dash, the part before it must be the whole area code (0288-6123456 is not).
    number = phonenumbers.parse(digits, "CN")
    area = (
        "0" + str(number.national_number)[: phonenumbers.length_of_geographical_area_code(number)]
    )
    return not landline["dash"] or landline["area"] == area


def _kind_of(digits: str) -> PhoneNumberType | None:
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, "CN"):
        return None
    return phonenumbers.number_type(number)


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


def check_no_control_characters(label: str, value: str | None) -> None:
    """Refuse text with control characters (a NUL byte, say) other than tab and line breaks:
    PostgreSQL cannot store NUL, SQLite would store it silently, and nobody types them."""
    if value is not None and CONTROL_CHARACTERS.search(value):
        raise RuleError(
            _(
                "%(field)s holds invisible control characters (such as NUL), which are not "
                "allowed; retype or paste it again as plain text.",
                field=label,
            )
        )


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
