"""The company details printed on every notice, and the seal image, as panel settings."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from panel.core import clock
from panel.core.errors import RuleError
from panel.core.validation import check_length, normalise_phone
from panel.organisation.models.setting import Setting
from panel.organisation.settings import get_setting, register_defaults

COMPANY_NAME = "notices.company_name"
COMPANY_ADDRESS = "notices.company_address"
HOTLINE = "notices.hotline"
REGULATOR_HOTLINES = "notices.regulator_hotlines"
SEAL_FILE = "notices.seal_file"

# key -> (label, max length); the seal is set by upload, not typed.
TEXT_SETTINGS = {
    COMPANY_NAME: (_l("Company name"), 60),
    COMPANY_ADDRESS: (_l("Company address"), 200),
    HOTLINE: (_l("Customer-service hotline"), 40),
    REGULATOR_HOTLINES: (_l("Regulator hotlines (one per line)"), 500),
}
DEFAULT_REGULATOR_HOTLINES = (
    "12345 政务服务便民热线\n12328 交通运输服务监督电话\n12315 市场监管投诉举报热线"
)
register_defaults(
    {
        COMPANY_NAME: (str, ""),
        COMPANY_ADDRESS: (str, ""),
        HOTLINE: (str, ""),
        REGULATOR_HOTLINES: (str, DEFAULT_REGULATOR_HOTLINES),
        SEAL_FILE: (str, ""),
    }
)

SEAL_MAX_BYTES = 2 * 1024 * 1024
SEAL_MAX_SIDE = 480  # pixels: about 40 mm at 300 dpi, keeps each PDF small


@dataclass(frozen=True)
class CompanyDetails:
    name: str
    address: str
    hotline: str
    regulator_hotlines: tuple[str, ...]
    seal_file: str

    @property
    def seal_url(self) -> str | None:
        """The seal as the renderer's own asset URL; its name carries its hash, so a new
        seal never hits a cached old one."""
        return f"notice-asset:seal/{self.seal_file}" if self.seal_file else None


def company_details(session: Session) -> CompanyDetails:
    """The settings of the notices, as printed."""
    lines = get_setting(session, REGULATOR_HOTLINES).splitlines()
    return CompanyDetails(
        name=get_setting(session, COMPANY_NAME).strip(),
        address=get_setting(session, COMPANY_ADDRESS).strip(),
        hotline=get_setting(session, HOTLINE).strip(),
        regulator_hotlines=tuple(line.strip() for line in lines if line.strip()),
        seal_file=get_setting(session, SEAL_FILE),
    )


def check_ready(details: CompanyDetails) -> None:
    """A notice without the company's name cannot go out."""
    if not details.name:
        raise RuleError(
            _(
                "%(field)s is not set: an administrator must fill it in under Notice settings "
                "before notices can be issued.",
                field=TEXT_SETTINGS[COMPANY_NAME][0],
            ),
            COMPANY_NAME,
        )


def save_settings(session: Session, values: dict[str, str]) -> None:
    """Check and store the company details; nothing is stored when one value is wrong."""
    cleaned = {}
    for key, (field_label, limit) in TEXT_SETTINGS.items():
        value = check_length(str(field_label), values.get(key) or "", limit) or ""
        if key == HOTLINE and value:
            value = normalise_phone(str(field_label), value)
        cleaned[key] = value
    if not cleaned[COMPANY_NAME]:
        raise RuleError(
            _("%(field)s is required.", field=TEXT_SETTINGS[COMPANY_NAME][0]), COMPANY_NAME
        )
    for key, value in cleaned.items():
        _store(session, key, value)


def seal_dir() -> Path:
    return Path(current_app.instance_path) / "notices"


def seal_path(filename: str) -> Path | None:
    """The stored seal file named ``filename``, or None when the name is not one of ours."""
    if not filename or "/" in filename or "\\" in filename or not filename.startswith("seal-"):
        return None
    path = seal_dir() / filename
    return path if path.is_file() else None


def save_seal(session: Session, data: bytes) -> str:
    """Store an uploaded seal (PNG or JPEG) as a bounded JPEG on white; returns its name.

    JPEG goes into the PDF as it is, where a transparent PNG would be decoded and compressed
    again for every notice; the seal is painted beneath the signature text, so its white
    background hides nothing.
    """
    from PIL import Image, UnidentifiedImageError

    field_label = _("Seal image")
    if len(data) > SEAL_MAX_BYTES:
        raise RuleError(_("%(field)s: the file is larger than 2 MB.", field=field_label), SEAL_FILE)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("PNG", "JPEG"):
                raise UnidentifiedImageError(probe.format)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = image.convert("RGBA")
            image.thumbnail((SEAL_MAX_SIDE, SEAL_MAX_SIDE))
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A"))
            out = io.BytesIO()
            flat.save(out, format="JPEG", quality=88, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError):
        raise RuleError(
            _("%(field)s: upload a PNG or JPEG image.", field=field_label), SEAL_FILE
        ) from None
    jpeg = out.getvalue()
    filename = f"seal-{hashlib.sha256(jpeg).hexdigest()[:16]}.jpg"
    seal_dir().mkdir(parents=True, exist_ok=True)
    target = seal_dir() / filename
    if not target.exists():
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(jpeg)
        temporary.replace(target)
    _store(session, SEAL_FILE, filename)
    return filename


def remove_seal(session: Session) -> None:
    """Stop printing the seal; the file stays, archived PDFs never depended on it."""
    _store(session, SEAL_FILE, "")


def _store(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value
        row.updated_at = clock.now()
