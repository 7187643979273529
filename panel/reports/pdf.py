"""The summary PDF: WeasyPrint with the system's CJK fonts and no network at all.

Everything the summary shows is in the HTML itself (styles inline, charts as inline SVG), so
the fetcher refuses every URL: a stray link in a template can never reach out of the intranet.
"""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import URLFetcher


class NothingFetcher(URLFetcher):
    """Refuses every URL and remembers it (a template asking for one is a bug)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=())
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.refused.append(url)
        raise ValueError(f"the summary loads nothing from outside: {url[:200]}")


def render_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page."""
    return HTML(string=html, url_fetcher=NothingFetcher()).write_pdf()
