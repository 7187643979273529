"""Finding English a Chinese reader would meet on a page: the texts of Flask-Admin, Werkzeug
and WTForms, and the panel's own English source texts, wherever one of them appears verbatim
in what the page shows (text, titles, placeholders, button captions, the filter menu's data).

A text shows untranslated when a catalogue lacks it, or when a label was turned into a string
before the request knew its language (a filter name made at import time, say).
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

import flask_admin
import wtforms
from babel.messages.pofile import read_po
from werkzeug.exceptions import default_exceptions

from panel.core.i18n import TRANSLATIONS_DIR

# Shown in English on purpose: the language switch, file formats, units and brand names.
ALLOWED = {"English", "Excel", "JPEG", "HEIC", "SHA-256", "WeChat"}
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-placeholder")
_PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|%[sdf]|\{\w*\}|<[^>]+>")


def _catalogue_ids(path: Path) -> list[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    ids = []
    for message in catalog:
        if not message.id:
            continue
        ids += [message.id] if isinstance(message.id, str) else list(message.id)
    return ids


def _fragments(text: str) -> list[str]:
    """The fixed parts of a message (between its placeholders and markup) worth looking for:
    at least two words, or one capitalised word of four letters or more."""
    found = []
    for part in _PLACEHOLDER.split(text):
        part = " ".join(part.split()).strip(" .,:;!?()[]\"'“”‘’—-–/")
        if not re.search(r"[A-Za-z]{3}", part) or part in ALLOWED:
            continue
        if " " in part or re.fullmatch(r"[A-Z][a-z]{3,}", part):
            found.append(part)
    return found


def _werkzeug_texts() -> list[str]:
    texts = []
    for exception in default_exceptions.values():
        texts.append(exception().name)
        texts += re.split(r"(?<=\.)\s+", exception.description or "")
    return texts


@cache
def english_texts() -> tuple[str, ...]:
    """Every fragment of every English UI text the panel and its libraries may show."""
    sources = [
        Path(flask_admin.__file__).parent / "translations/zh_Hans_CN/LC_MESSAGES/admin.po",
        Path(wtforms.__file__).parent / "locale/wtforms.pot",
        *sorted(TRANSLATIONS_DIR.glob("zh_Hans_CN/LC_MESSAGES/*.po")),
    ]
    texts = _werkzeug_texts()
    for path in sources:
        texts += _catalogue_ids(path)
    fragments = {fragment for text in texts for fragment in _fragments(text)}
    return tuple(sorted(fragments, key=len, reverse=True))


@cache
def _pattern() -> re.Pattern:
    words = "|".join(re.escape(text) for text in english_texts())
    return re.compile(rf"(?<![A-Za-z])(?:{words})(?![A-Za-z])")


class _ShownText(HTMLParser):
    """The text a page shows: text nodes (not scripts or styles) and the attributes read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        values = dict(attrs)
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data)


def shown_text(html: str) -> str:
    parser = _ShownText()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_on(html: str) -> list[str]:
    """The English UI texts found in what the page shows (each once)."""
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), shown_text(html))
    return sorted(set(_pattern().findall(text)))


_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


_FILTER_DATA = re.compile(r'(<div id="filter-groups-data"[^>]*>)(.*?)(</div>)', re.S)


def _filter_labels(match: re.Match) -> str:
    """The filter menu's data as it shows: the filters' names and their options' labels (the
    options' values are posted, never shown)."""
    groups = json.loads(unescape(match.group(2)))
    shown = []
    for name, filters in groups.items():
        shown.append(name)
        for flt in filters:
            shown += [label for _value, label in flt.get("options") or ()]
    return match.group(1) + escape("\n".join(shown)) + match.group(3)


def raw_codes_in_filters(html: str) -> list[str]:
    """Filter options shown as their stored code (``dispatched``, ``clerk``) for want of a
    label: an option whose label is its own lower-case identifier."""
    codes = set()
    for match in _FILTER_DATA.finditer(html):
        for filters in json.loads(unescape(match.group(2))).values():
            for flt in filters:
                for value, label in flt.get("options") or ():
                    if label == value and re.fullmatch(r"[a-z][a-z0-9_]+", str(value)):
                        codes.add(value)
    return sorted(codes)


def raw_names_on(html: str, names) -> list[str]:
    """Internal names (``complainant_phone``, ``classification.major_amount``) shown as text."""
    text = shown_text(_FILTER_DATA.sub(_filter_labels, html))
    return sorted(
        {name for name in names if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text)}
    )
