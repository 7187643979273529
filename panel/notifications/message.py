"""The plain message every channel delivers, and the one error every channel raises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple


class Attachment(NamedTuple):
    """A file sent with a message (only e-mail carries attachments)."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


@dataclass(frozen=True)
class Message:
    """What a channel delivers.

    ``markdown`` is the body for the group robots, ``text`` the plain-text body for e-mail and
    ``short_text`` the one-liner for SMS (the SMS channel falls back to ``text``).
    ``idempotency_key`` is stable across retries of the same outbox row, so a receiver can spot a
    repeat: HTTP channels send it as an ``Idempotency-Key`` header, e-mail derives its
    ``Message-ID`` from it.
    """

    title: str
    markdown: str
    text: str
    idempotency_key: str
    attachments: tuple[Attachment, ...] = field(default=())
    short_text: str = ""

    def __post_init__(self) -> None:
        if not self.idempotency_key or not self.idempotency_key.strip():
            raise ValueError("idempotency_key must not be empty")
        object.__setattr__(self, "attachments", _attachments(self.attachments))


def _attachments(items: Iterable[Attachment | tuple]) -> tuple[Attachment, ...]:
    result = []
    for item in items:
        attachment = item if isinstance(item, Attachment) else Attachment(*item)
        if not isinstance(attachment.content, bytes | bytearray):
            raise TypeError(f"attachment {attachment.filename!r} content must be bytes")
        result.append(attachment)
    return tuple(result)


class DeliveryError(Exception):
    """A delivery failed.

    ``message`` is a Simplified Chinese sentence fit to show to an administrator (it never holds a
    secret, a token or a customer's phone number); ``retryable`` says whether sending the same
    message again later may succeed (network trouble, timeouts, HTTP 5xx, rate limits) or not
    (wrong configuration, rejected content, HTTP 4xx).
    """

    def __init__(self, message: str, retryable: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable

    def __repr__(self) -> str:
        return f"DeliveryError({self.message!r}, retryable={self.retryable})"
