"""Keep the Chinese catalogues in step with the code.

    python scripts/i18n.py update   # extract messages, merge into each domain's .po
    python scripts/i18n.py check    # list messages without a Chinese translation (exit 1)

Each gettext domain (see ``panel.core.i18n.DOMAINS``) has its own catalogue, extracted from its
own source folders, so features never edit each other's file.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from panel.core.i18n import DOMAINS, TRANSLATIONS_DIR  # noqa: E402

LOCALE = "zh_Hans_CN"
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "label", "-k", "_n:1,2"]


def po_path(domain: str) -> Path:
    return TRANSLATIONS_DIR / LOCALE / "LC_MESSAGES" / f"{domain}.po"


def _sources(domain: str) -> list[Path]:
    """The folders and files a domain's messages come from."""
    return [ROOT / p for p in DOMAINS[domain]]


def update() -> None:
    pybabel = str(Path(sys.executable).with_name("pybabel"))
    for domain in DOMAINS:
        if not any(p.exists() for p in _sources(domain)):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            pot = Path(tmp) / f"{domain}.pot"
            cfg = Path(tmp) / "babel.cfg"
            cfg.write_text("[python: **.py]\n[jinja2: **.html]\n")
            inputs = [str(p) for p in _sources(domain) if p.exists()]
            subprocess.run(
                [
                    pybabel,
                    "extract",
                    "-F",
                    str(cfg),
                    *KEYWORDS,
                    "--no-location",
                    "-o",
                    str(pot),
                    *inputs,
                ],
                check=True,
            )
            action = "update" if po_path(domain).exists() else "init"
            subprocess.run(
                [
                    pybabel,
                    action,
                    "-D",
                    domain,
                    "-l",
                    LOCALE,
                    "-i",
                    str(pot),
                    "-d",
                    str(TRANSLATIONS_DIR),
                ]
                + (["--ignore-obsolete"] if action == "update" else []),
                check=True,
            )
        print(f"{domain}: {po_path(domain).relative_to(ROOT)}")


def missing() -> dict[str, list[str]]:
    from babel.messages.pofile import read_po

    result = {}
    for domain in (*DOMAINS, "admin"):  # and the hand-kept supplement of Flask-Admin's
        if not po_path(domain).exists():
            continue
        with po_path(domain).open("rb") as handle:
            catalog = read_po(handle)
        result[domain] = [
            m.id if isinstance(m.id, str) else m.id[0]
            for m in catalog
            if m.id
            and (not m.string or m.fuzzy or (isinstance(m.string, tuple) and not all(m.string)))
        ]
    return result


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    gaps = missing()
    for domain, ids in gaps.items():
        for msgid in ids:
            print(f"{domain}: untranslated: {msgid}")
    return 1 if any(gaps.values()) and command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
