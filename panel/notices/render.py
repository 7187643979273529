"""HTML templates to PDF with WeasyPrint: fonts, stylesheet and image caches kept warm.

Every notice uses one typeface at one weight (see :mod:`panel.notices.fonts` and the
stylesheet): each embedded font costs a harfbuzz subset and tens of KB per PDF. WeasyPrint is
imported on the first rendering, so processes that never print (CLI, migrations) skip it.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flask import render_template
from flask_babel import force_locale

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from panel.notices.fetcher import AssetFetcher

STYLESHEET = Path(__file__).resolve().parent / "templates" / "notices" / "pdf" / "notice.css"
NOTICE_LOCALE = "zh_Hans_CN"  # notices are Chinese documents whatever the user's UI language

_local = threading.local()
_font_configs: list[FontConfiguration] = []  # cleaned up at exit, see _remove_font_copies
_image_cache: dict = {}  # WeasyPrint's image cache, keyed by asset URL (seal URLs carry a hash)
logger = logging.getLogger(__name__)


@dataclass
class RenderedPdf:
    pdf: bytes
    pages: int
    missing_characters: list[str] = field(default_factory=list)
    refused_urls: list[str] = field(default_factory=list)


def render_html(template: str, **context) -> str:
    """The notice's HTML, in Chinese; user text is escaped by Jinja's autoescape."""
    with force_locale(NOTICE_LOCALE):
        return render_template(template, **context)


def render_pdf(template: str, **context) -> RenderedPdf:
    """Render ``template`` with ``context`` to PDF bytes."""
    return html_to_pdf(render_html(template, **context))


def html_to_pdf(html: str) -> RenderedPdf:
    """Lay out and write the PDF; only the notice assets can be loaded."""
    from weasyprint import HTML

    from panel.notices.fetcher import AssetFetcher

    fetcher = AssetFetcher()
    with _CollectWarnings() as collected:
        document = HTML(string=html, url_fetcher=fetcher).render(
            stylesheets=[_stylesheet(fetcher)], font_config=_font_config(), cache=_image_cache
        )
        pdf = document.write_pdf()
    if collected.missing:
        logger.warning("notice rendered with missing glyphs: %s", "".join(collected.missing))
    return RenderedPdf(pdf, len(document.pages), collected.missing, fetcher.refused)


def _font_config() -> FontConfiguration:
    # One per thread: WeasyPrint's font configuration is not shared between renders at once.
    if getattr(_local, "font_config", None) is None:
        from weasyprint.text.fonts import FontConfiguration

        _local.font_config = FontConfiguration()
        _font_configs.append(_local.font_config)
    return _local.font_config


@atexit.register
def _remove_font_copies() -> None:
    """WeasyPrint copies each @font-face font (the 4 MB notice font) into a temporary folder
    and removes it in ``__del__``, which fails at interpreter exit and leaves the copy behind."""
    for config in _font_configs:
        folder, config._folder = config._folder, None
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _stylesheet(fetcher: AssetFetcher) -> CSS:
    """The parsed stylesheet, parsed again only when the file changes."""
    stamp = STYLESHEET.stat().st_mtime_ns
    cached = getattr(_local, "stylesheet", None)
    if cached is None or cached[0] != stamp:
        from weasyprint import CSS

        css = CSS(filename=str(STYLESHEET), url_fetcher=fetcher, font_config=_font_config())
        _local.stylesheet = cached = (stamp, css)
    return cached[1]


class _CollectWarnings(logging.Handler):
    """Collect WeasyPrint's warnings of this thread during one rendering."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.missing: list[str] = []
        self._logger = logging.getLogger("weasyprint")

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        if str(record.msg).startswith(".notdef glyph") and record.args:
            character = str(record.args[0])
            if character not in self.missing:
                self.missing.append(character)

    def __enter__(self) -> _CollectWarnings:
        self._logger.addHandler(self)
        return self

    def __exit__(self, *_exc) -> None:
        self._logger.removeHandler(self)
