"""Password rules for login accounts."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from panel.rules.errors import RuleError

MIN_LENGTH = 8


def check_password_rules(password: str) -> None:
    """At least eight characters with both letters and digits."""
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
