"""The one error type raised by business rules."""

from __future__ import annotations


class RuleError(ValueError):
    """A business rule refused a change.

    ``field`` names the model attribute at fault (or ``None`` for a whole-record rule);
    ``message`` is the user-facing text, already naming the field in the user's language.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field

    def __str__(self) -> str:
        return self.message
