"""Phone numbers are judged by Google's libphonenumber (``phonenumbers``): numbers that look
mainland but cannot exist are refused with the Chinese message naming the field."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from panel.core.errors import RuleError
from panel.core.validation import normalise_phone


@pytest.mark.parametrize(
    "raw", ["010-4577218", "14122482447", "0571-8888888", "0288-6123456", "1065812345"]
)
def test_numbers_that_cannot_exist_are_refused(raw):
    with pytest.raises(RuleError, match="投诉人电话：.*不是有效的电话号码"):
        normalise_phone("投诉人电话", raw)


@pytest.mark.parametrize(
    "raw, kept",
    [
        ("010-45772189", "010-45772189"),
        ("0571-88888888", "0571-88888888"),
        ("19912345678", "19912345678"),
        ("+86 199 1234 5678", "19912345678"),
        ("400-123-4567", "400-123-4567"),
        ("8008208820", "8008208820"),
        ("028-86123456-801", "028-86123456-801"),
    ],
)
def test_real_numbers_keep_their_form(raw, kept):
    assert normalise_phone("电话", raw) == kept


def test_random_mainland_looking_numbers_follow_libphonenumber():
    rng = random.Random(14)
    for _ in range(2000):
        if rng.random() < 0.5:
            raw = "1" + "".join(rng.choice("0123456789") for _ in range(10))
        else:
            area = rng.choice(["010", "021", "028", "0571", "0755", "0838", "0311"])
            raw = f"{area}-{rng.choice('23456789')}" + "".join(
                rng.choice("0123456789") for _ in range(rng.choice((6, 7)))
            )
        exists = phonenumbers.is_valid_number(phonenumbers.parse(raw.replace("-", ""), "CN"))
        try:
            accepted = normalise_phone("电话", raw) is not None
        except RuleError:
            accepted = False
        assert accepted == exists, raw
