"""Evidence files opened with real parsers, not judged by their first bytes.

A file's first bytes only announce a type: a JPEG with a page appended, a "PDF" that is a PDF
header on photo bytes, a photo with a PDF inside all start right. Here each kind is read as its
readers read it — photos decoded by Pillow, PDFs parsed by pypdf, HEIC walked box by box — and:

- what a parser cannot read is refused;
- a file that carries another kind of document or a script (an HTML page, a PHP script, a PDF
  inside a photo) is refused, wherever in the file it sits;
- bytes after the end of a photo or PDF, which no viewer shows, are cut off: what is kept is
  exactly the picture or document (a phone's "motion photo" keeps its picture).
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image
from pypdf import PdfReader

from panel.core.errors import RuleError

# Traces of other kinds of content that have no business in a photo or a scan.
_FOREIGN_IN_ANY = re.compile(
    rb"<\s*(?:!doctype\s+html|html|script|iframe|svg|object|embed)\b|<\?php", re.IGNORECASE
)
_PDF_INSIDE = re.compile(rb"%PDF-")
# PDF features that run something or carry other files.
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z])")
_BOX_TYPE = re.compile(rb"^[A-Za-z0-9 ]{4}$")


@dataclass(frozen=True)
class CheckedFile:
    """What is kept of an upload: its bytes (trailing data cut off) and whether any was."""

    data: bytes
    trimmed: int = 0


class _Unreadable(Exception):
    """The parser could not read the file as the kind it claims to be."""


def check_content(name: str, content_type: str, data: bytes) -> CheckedFile:
    """Read ``data`` as ``content_type``; return what to keep or raise RuleError."""
    if _FOREIGN_IN_ANY.search(data) or (
        content_type != "application/pdf" and _PDF_INSIDE.search(data)
    ):
        raise RuleError(
            _(
                "%(name)s carries another kind of file or a script inside (such as a web page "
                "or a PDF); it is refused. Upload the photo or scan on its own.",
                name=name,
            ),
            "file",
        )
    readers = {
        "image/jpeg": _jpeg,
        "image/png": _png,
        "image/heic": _heic,
        "application/pdf": _pdf,
    }
    if content_type == "application/pdf" and _PDF_ACTIVE.search(data):
        raise RuleError(
            _(
                "%(name)s contains scripts, actions or attached files; only plain documents "
                "(such as scans) are accepted.",
                name=name,
            ),
            "file",
        )
    try:
        end = readers[content_type](data)
    except _Unreadable:
        raise RuleError(
            _(
                "%(name)s cannot be opened as %(kind)s: it is damaged or only looks like one.",
                name=name,
                kind=_kind_name(content_type),
            ),
            "file",
        ) from None
    return CheckedFile(data[:end], len(data) - end)


def _kind_name(content_type: str) -> str:
    return {
        "image/jpeg": _("a JPEG photo"),
        "image/png": _("a PNG image"),
        "image/heic": _("a HEIC photo"),
        "application/pdf": _("a PDF document"),
    }[content_type]


# --- photos -----------------------------------------------------------------------------------


def _decode(data: bytes, expected: str) -> None:
    """Decode the picture (JPEGs at 1/8 scale: every block is still read); a picture too large
    to decode safely (a "decompression bomb") counts as unreadable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected:
                    raise _Unreadable(image.format)
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                if expected == "JPEG":
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except _Unreadable:
        raise
    except Exception as exc:  # Pillow raises many kinds on a damaged file
        raise _Unreadable(type(exc).__name__) from None


def _jpeg(data: bytes) -> int:
    end = jpeg_end(data)
    _decode(data[:end], "JPEG")
    return end


def jpeg_end(data: bytes) -> int:
    """Where a JPEG's end-of-image marker ends: segment by segment, through the entropy-coded
    data after each start-of-scan."""
    if not data.startswith(b"\xff\xd8"):
        raise _Unreadable("no start of image")
    i, size = 2, len(data)
    while i < size:
        if data[i] != 0xFF:
            raise _Unreadable("marker expected")
        while i < size and data[i] == 0xFF:  # fill bytes
            i += 1
        if i >= size:
            break
        marker = data[i]
        i += 1
        if marker == 0xD9:  # end of image
            return i
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if i + 2 > size:
            break
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2:
            raise _Unreadable("bad segment length")
        i += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            while True:
                i = data.find(b"\xff", i)
                if i < 0 or i + 1 >= size:
                    raise _Unreadable("scan data runs to the end")
                following = data[i + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    i += 1
                    continue
                break
    raise _Unreadable("no end of image")


def _png(data: bytes) -> int:
    end = png_end(data)
    _decode(data[:end], "PNG")
    return end


def png_end(data: bytes) -> int:
    """Where a PNG's IEND chunk ends."""
    i, size = 8, len(data)
    while i + 8 <= size:
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        i += 12 + length
        if i > size:
            break
        if kind == b"IEND":
            return i
    raise _Unreadable("no IEND chunk")


def _heic(data: bytes) -> int:
    """HEIC/HEIF (no decoder installed): the ISO media boxes must cover the file exactly and
    hold the picture's metadata."""
    i, size, kinds = 0, len(data), set()
    while i < size:
        if i + 8 > size:
            raise _Unreadable("truncated box")
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        header = 8
        if length == 1:
            length, header = int.from_bytes(data[i + 8 : i + 16], "big"), 16
        elif length == 0:
            length = size - i
        if length < header or i + length > size or not _BOX_TYPE.match(kind):
            raise _Unreadable("bad box")
        kinds.add(kind)
        i += length
    if b"ftyp" not in kinds or b"meta" not in kinds:
        raise _Unreadable("no picture metadata")
    return size


# --- PDF --------------------------------------------------------------------------------------


def _pdf(data: bytes) -> int:
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise _Unreadable("no %%EOF")
    end += 5
    while end < len(data) and data[end] in b"\r\n":
        end += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf warns about what it repairs
            reader = PdfReader(io.BytesIO(data[:end]))
            if reader.is_encrypted and not reader.decrypt(""):
                raise _Unreadable("encrypted")
            pages = list(reader.pages)
            if not pages or any(page.mediabox.width <= 0 for page in pages):
                raise _Unreadable("no pages")
    except _Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise _Unreadable(type(exc).__name__) from None
    return end
