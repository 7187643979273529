"""Password rules for login accounts."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from panel.core.errors import RuleError

MIN_LENGTH = 8
MAX_LENGTH = 128  # hashing a very long input costs time: no one needs more
# The letter-and-digit passwords that top every leaked list (the rules below admit them).
COMMON = frozenset(
    {
        "password1",
        "password123",
        "passw0rd",
        "abc12345",
        "abcd1234",
        "a1234567",
        "qwerty123",
        "qwer1234",
        "1qaz2wsx",
        "admin123",
        "admin1234",
        "iloveyou1",
        "woaini1314",
        "5201314a",
        "aa123456",
        "a123456789",
        "zxcvbnm123",
        "asdf1234",
        "p@ssw0rd",
    }
)


def check_password_rules(password: str, username: str | None = None) -> None:
    """At least eight characters with both letters and digits, at most 128; not one of the
    most common passwords, and not the login name or a variation of it."""
    if (
        len(password) < MIN_LENGTH
        or not re.search(r"[A-Za-z]", password)
        or not re.search(r"\d", password)
    ):
        raise RuleError(
            _(
                "Password must have at least %(n)d characters, with letters and digits.",
                n=MIN_LENGTH,
            ),
            "password",
        )
    if len(password) > MAX_LENGTH:
        raise RuleError(_("Password may have at most %(n)d characters.", n=MAX_LENGTH), "password")
    lowered = password.lower()
    if lowered in COMMON:
        raise RuleError(
            _("This password is among the most common ones; choose another."), "password"
        )
    name = (username or "").strip().lower()
    if len(name) >= 3 and name in lowered:
        raise RuleError(_("The password must not contain the login name."), "password")
