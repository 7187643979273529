"""The notice typeface: Noto Serif CJK SC cut down to GB 2312, built once at install time.

WeasyPrint subsets every embedded font for every PDF. Noto Serif CJK SC holds 65,535 glyphs,
and subsetting it costs about 30 ms and 100 KB per notice; the same typeface reduced to the
7,700 characters of GB 2312 (every hanzi in everyday use, punctuation, Latin, full-width
forms) halves the render time and the file size. It is derived from the installed system
font, never downloaded, and named "Notice Serif SC" so it is not mistaken for the original.
Any character it lacks (rare name characters such as 䶮 or 𠮷) falls back to the full Noto
font and then to Hanazono, as the stylesheet lists them; without the built file every notice
simply uses the full Noto font.

    python -m panel.notices.fonts [TARGET]    # what ``make install`` runs
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

FAMILY = "Notice Serif SC"
SOURCE_FAMILY = "Noto Serif CJK SC"
FONT_DIR = Path(__file__).resolve().parents[2] / "build" / "notice-fonts"
FONT_FILE = FONT_DIR / "NoticeSerifSC-Regular.otf"

EXTRA_RANGES = [
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1: ¥ · × ÷ …
    (0x2010, 0x205E),  # general punctuation: — … ‘ ’ “ ” ‰ ※
    (0x2100, 0x2BFF),  # letterlike, numbers, arrows, math, boxes, shapes: № ℃ Ⅻ ① → ≤ ■ ○ ★
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。〈〉《》「」【】〔〕
    (0x3200, 0x33FF),  # enclosed CJK and compatibility: ㈠ ㎡ ㎏
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: （），：；！？￥
]


def characters() -> list[int]:
    """GB 2312 (hanzi, symbols, kana, Greek, Cyrillic) and the ranges above."""
    codes = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                codes.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    for first, last in EXTRA_RANGES:
        codes.update(range(first, last + 1))
    return sorted(codes)


def source_font() -> tuple[str, int]:
    """The file and face index of the installed Noto Serif CJK SC (fontconfig's answer)."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}\n%{family}", f"{SOURCE_FAMILY}:style=Regular"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    if len(found) < 3 or SOURCE_FAMILY not in found[2]:
        raise SystemExit(f"{SOURCE_FAMILY} is not installed (scripts/system-deps.sh installs it)")
    return found[0], int(found[1])


def build(target: Path = FONT_FILE) -> Path:
    """Write the notice font to ``target`` (atomically); returns the path."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, index = source_font()
    font = TTFont(path, fontNumber=index, lazy=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters())
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in (
        (1, FAMILY),
        (2, "Regular"),
        (3, f"{FAMILY} derived from {SOURCE_FAMILY}"),
        (4, FAMILY),
        (6, FAMILY.replace(" ", "") + "-Regular"),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [FAMILY.replace(" ", "") + "-Regular"]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as out:
        font.save(out)
    Path(out.name).chmod(0o644)
    Path(out.name).replace(target)
    return target


if __name__ == "__main__":
    built = build(Path(sys.argv[1]) if len(sys.argv) > 1 else FONT_FILE)
    print(f"notice font: {built} ({built.stat().st_size // 1024} KB)")
