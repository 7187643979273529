"""What the PDF renderer may load: the project's own notice assets, nothing else.

Templates name assets as ``notice-asset:static/<file>`` (files under ``panel/notices/static``),
``notice-asset:seal/<file>`` (the uploaded seal under the instance folder) or
``notice-asset:fonts/<file>`` (the notice font built at install time). Every other
URL — ``file:``, ``http(s):``, ``data:``, relative paths — is refused and remembered, so a
rendering can report what it refused.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

from panel.notices.fonts import FONT_DIR
from panel.notices.settings import seal_path

ASSET_SCHEME = "notice-asset:"
STATIC_DIR = (Path(__file__).resolve().parent / "static").resolve()


class RefusedURL(ValueError):
    """The renderer asked for something outside the notice assets."""


class AssetFetcher(URLFetcher):
    """A WeasyPrint URL fetcher serving only the notice assets."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=())
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        path = resolve_asset(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"not a notice asset: {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def resolve_asset(url: str) -> Path | None:
    """The file an asset URL names, or None when it is not one of ours."""
    if not isinstance(url, str) or not url.startswith(ASSET_SCHEME):
        return None
    area, _, name = url[len(ASSET_SCHEME) :].partition("/")
    if area == "seal":
        return seal_path(name)
    for prefix, folder in (("static", STATIC_DIR), ("fonts", FONT_DIR)):
        if area == prefix:
            path = (folder / name).resolve()
            if path.is_relative_to(folder.resolve()) and path.is_file():
                return path
    return None
