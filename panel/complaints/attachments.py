"""Evidence attachments: what may be uploaded, where it is kept, how it is checked.

A file is accepted by its content signature, not by its name: JPEG, PNG, HEIC/HEIF photos and
PDF scans, up to ``attachments.max_bytes`` (10 MB by default). The bytes are written under the
instance folder (never served as static files) with a random name; the row keeps the original
name for the download, the detected type, the size and the SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import uuid
from pathlib import Path
from typing import BinaryIO

from flask import Response, current_app, send_file
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from panel.complaints.evidence import Attachment
from panel.complaints.models import Complaint
from panel.core import clock
from panel.core.actor import acting_as
from panel.core.errors import RuleError
from panel.organisation.models.user import User
from panel.organisation.settings import get_setting, register_defaults

register_defaults({"attachments.max_bytes": (int, 10 * 1024 * 1024)})

# Detected type -> the file name endings that may carry it.
KINDS = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/heic": (".heic", ".heif"),
    "application/pdf": (".pdf",),
}
INLINE_TYPES = frozenset({"image/jpeg", "image/png"})  # shown on the page; the rest download
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


class DamagedFile(Exception):
    """The stored bytes no longer match the recorded hash (or are gone)."""


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file announce, or None if not an accepted kind."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    return None


def clean_file_name(name: str | None) -> str:
    """The user's file name without any folder part or control characters, at most 200 long."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    if len(name) > 200:
        stem, dot, ending = name.rpartition(".")
        name = (stem[: 199 - len(ending)] + dot + ending) if dot else name[:200]
    return name


def storage_root() -> Path:
    """Where files are kept: ``ATTACHMENT_ROOT`` or ``<instance>/attachments``."""
    configured = current_app.config.get("ATTACHMENT_ROOT")
    return Path(configured or Path(current_app.instance_path) / "attachments")


def check_upload(session: Session, file_name: str, data: bytes) -> str:
    """Validate an upload; return its detected content type or raise RuleError."""
    limit = get_setting(session, "attachments.max_bytes")
    if not data:
        raise RuleError(_("Choose a file to upload."), "file")
    if len(data) > limit:
        raise RuleError(
            _(
                "%(name)s is %(size)s; files may be at most %(limit)s.",
                name=file_name,
                size=human_size(len(data)),
                limit=human_size(limit),
            ),
            "file",
        )
    content_type = sniff(data[:16])
    if content_type is None:
        raise RuleError(
            _(
                "%(name)s is not a photo (JPEG, PNG, HEIC) or a PDF; other files are refused.",
                name=file_name,
            ),
            "file",
        )
    if not file_name.lower().endswith(KINDS[content_type]):
        raise RuleError(
            _(
                "%(name)s does not hold what its name says (the content is %(kind)s).",
                name=file_name,
                kind=content_type,
            ),
            "file",
        )
    return content_type


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes: enough to tell that a file is too large."""
    return stream.read(limit + 1)


def add_attachment(
    session: Session, complaint: Complaint, actor: User, file_name: str | None, data: bytes
) -> Attachment:
    """Check and keep an evidence file for ``complaint``; flushes as ``actor``.

    The bytes are written first and removed again when the row is refused, so that a refusal
    leaves nothing behind.
    """
    name = clean_file_name(file_name)
    if not name:
        raise RuleError(_("Choose a file to upload."), "file")
    content_type = check_upload(session, name, data)
    now = clock.now()
    relative = f"{now:%Y/%m}/{uuid.uuid4().hex}"
    target = storage_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    os.chmod(partial, 0o640)
    partial.replace(target)
    attachment = Attachment(
        complaint=complaint,
        file_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        stored_path=relative,
        uploaded_by=actor,
        uploaded_at=now,
    )
    session.add(attachment)
    try:
        with acting_as(actor):
            session.flush()
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return attachment


def discard_file(attachment: Attachment) -> None:
    """Remove the bytes of an upload whose row was not saved after all."""
    (storage_root() / attachment.stored_path).unlink(missing_ok=True)


def read_attachment(attachment: Attachment) -> bytes:
    """The stored bytes, checked against the recorded SHA-256."""
    path = storage_root() / attachment.stored_path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DamagedFile(attachment.stored_path) from None
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise DamagedFile(attachment.stored_path)
    return data


def file_response(attachment: Attachment, data: bytes) -> Response:
    """The file as a download (photos inline), never sniffed or run by the browser."""
    response = send_file(
        io.BytesIO(data),
        mimetype=attachment.content_type,
        download_name=attachment.file_name,
        as_attachment=attachment.content_type not in INLINE_TYPES,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-SHA256"] = attachment.sha256
    return response


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"
