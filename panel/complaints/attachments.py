"""Evidence attachments: what may be uploaded, where it is kept, how it is checked.

A file is accepted by its content signature, not by its name: JPEG, PNG, HEIC/HEIF photos and
PDF scans, up to ``attachments.max_bytes`` (10 MB by default). The bytes are kept in the
database (``attachment_file``), so every app server behind the same database serves them; with
``ATTACHMENT_STORE = "files"`` they are written under the instance folder instead (never served
as static files) with a random name. The row keeps the original name for the download, the
detected type, the size and the SHA-256. Files kept under the folder before are still read
from there until ``flask --app wsgi attachments-to-db`` moves them into the database.
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
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from panel.complaints.evidence import Attachment, attachment_file
from panel.complaints.filecheck import check_content
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
IN_DATABASE = "db/"  # ``stored_path`` prefix of files kept in ``attachment_file``
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


def in_database() -> bool:
    """Whether new files go to the database (the default) or to the folder (``files``)."""
    return current_app.config.get("ATTACHMENT_STORE", "database") != "files"


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
        raise too_large(file_name, len(data), limit)
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
    check_content(file_name, content_type, data)  # opened by a real parser (filecheck)
    return content_type


def too_large(file_name: str, size: int, limit: int) -> RuleError:
    """The refusal of a file over the limit, with both sizes told apart (a file one byte over
    the limit is not "10 MB; at most 10 MB")."""
    size_text, limit_text = human_size(size), human_size(limit)
    if size_text == limit_text:
        size_text = _("%(n)s bytes", n=f"{size:,}")
        limit_text = _("%(size)s (%(n)s bytes)", size=limit_text, n=f"{limit:,}")
    return RuleError(
        _(
            "%(name)s is %(size)s, over the limit of %(limit)s per file; make it smaller "
            "(e.g. a lower photo resolution) or split it.",
            name=file_name,
            size=size_text,
            limit=limit_text,
        ),
        "file",
    )


def upload_size(stream: BinaryIO) -> int | None:
    """The whole size of an uploaded file (Werkzeug keeps it in memory or a temporary file)."""
    try:
        position = stream.tell()
        size = stream.seek(0, os.SEEK_END)
        stream.seek(position)
        return size
    except (AttributeError, OSError, ValueError):
        return None


def upload_limit() -> str | None:
    """The per-file limit as text, None when it cannot be read (the database is away)."""
    from panel.core.extensions import db

    try:
        return human_size(get_setting(db.session, "attachments.max_bytes"))
    except Exception:  # a page about another error must not fail on this
        return None


def read_limited(stream: BinaryIO, limit: int, file_name: str | None = None) -> bytes:
    """Read at most ``limit + 1`` bytes: enough to tell that a file is too large. With
    ``file_name``, a file over the limit is refused here, saying its whole size."""
    data = stream.read(limit + 1)
    if file_name is not None and len(data) > limit:
        raise too_large(clean_file_name(file_name), upload_size(stream) or len(data), limit)
    return data


def add_attachment(
    session: Session, complaint: Complaint, actor: User, file_name: str | None, data: bytes
) -> Attachment:
    """Check and keep an evidence file for ``complaint``; flushes as ``actor``.

    In the database the bytes are written in the row's transaction; in the folder they are
    written first and removed again when the row is refused, so that a refusal leaves nothing
    behind.
    """
    name = clean_file_name(file_name)
    if not name:
        raise RuleError(_("Choose a file to upload."), "file")
    content_type = check_upload(session, name, data)
    data = check_content(name, content_type, data).data  # without trailing bytes
    now = clock.now()
    target = None
    if in_database():
        relative = f"{IN_DATABASE}{uuid.uuid4().hex}"
    else:
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
        if target is None:
            row = {"attachment_id": attachment.id, "data": data}
            session.connection().execute(insert(attachment_file).values(**row))
    except Exception:
        if target is not None:
            target.unlink(missing_ok=True)
        raise
    return attachment


def discard_file(attachment: Attachment) -> None:
    """Remove the bytes of an upload whose row was not saved after all (in the database they
    went with the rolled-back transaction)."""
    if not attachment.stored_path.startswith(IN_DATABASE):
        (storage_root() / attachment.stored_path).unlink(missing_ok=True)


def stored_bytes(session: Session, attachment: Attachment) -> bytes | None:
    """The bytes kept in the database for ``attachment``, or None."""
    column = attachment_file.c.data
    found = session.scalar(select(column).where(attachment_file.c.attachment_id == attachment.id))
    return bytes(found) if found is not None else None


def read_attachment(attachment: Attachment, session: Session | None = None) -> bytes:
    """The stored bytes (the database's, else the folder's), checked against the recorded
    SHA-256."""
    from panel.core.extensions import db

    data = stored_bytes(session or db.session, attachment)
    if data is None:
        try:
            data = (storage_root() / attachment.stored_path).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
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
    """10 MB, 10.5 MB, 300 KB, 12 B (a whole number without ".0")."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"
