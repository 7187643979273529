"""Charts as inline SVG, drawn on the server: no script, no CDN, readable in the PDF too."""

from __future__ import annotations

from markupsafe import Markup, escape

FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', 'HanaMinA', sans-serif"
BAR = "#4e79a7"
GOOD, BAD, MUTED = "#2e7d32", "#c62828", "#888"


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="12">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(items: list[tuple[str, int]], title: str, width: int = 460) -> Markup:
    """Horizontal bars, one per (label, count), longest first as given."""
    label_width, row, top = 130, 22, 6
    height = top * 2 + row * max(len(items), 1)
    peak = max((n for _, n in items), default=0) or 1
    room = width - label_width - 50
    body = []
    for index, (name, count) in enumerate(items):
        y = top + index * row
        length = round(room * count / peak)
        text = str(name) if len(str(name)) <= 10 else str(name)[:9] + "…"
        body.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{escape(text)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{row - 6}" '
            f'fill="{BAR}"><title>{escape(name)}: {count}</title></rect>'
            f'<text x="{label_width + length + 4}" y="{y + 15}">{count}</text>'
        )
    if not items:
        body.append(
            f'<text x="{width / 2}" y="{top + 15}" text-anchor="middle" fill="{MUTED}">–</text>'
        )
    return _svg(width, height, title, body)


def trend_chart(
    months: list[tuple[str, int, float | None]],
    title: str,
    target: float | None = None,
    width: int = 640,
    height: int = 220,
) -> Markup:
    """Bars of valid complaints per month and a line of the one-week closure rate (0–100 %),
    with the target as a dashed line."""
    left, right, top, bottom = 40, 40, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((n for _, n, _ in months), default=0) or 1
    step = plot_w / max(len(months), 1)
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{MUTED}"/>',
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" fill="{MUTED}">{peak}</text>',
        f'<text x="{left + plot_w + 4}" y="{top + 10}" fill="{MUTED}">100%</text>',
    ]
    points = []
    for index, (name, count, rate) in enumerate(months):
        x = left + index * step
        bar_h = plot_h * count / peak
        body.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{top + plot_h - bar_h:.1f}" '
            f'width="{step * 0.7:.1f}" height="{bar_h:.1f}" fill="{BAR}" opacity="0.75">'
            f"<title>{escape(name)}: {count}</title></rect>"
            f'<text x="{x + step / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
            f'font-size="10">{escape(name[-2:] if len(months) > 6 else name)}</text>'
        )
        if rate is not None:
            points.append((x + step / 2, top + plot_h * (1 - rate), name, rate))
    if target is not None:
        y = top + plot_h * (1 - target)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GOOD}" '
            f'stroke-dasharray="4 3"/>'
        )
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{BAD}" stroke-width="2"/>')
    for x, y, name, rate in points:
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BAD}">'
            f"<title>{escape(name)}: {rate * 100:.1f}%</title></circle>"
        )
    return _svg(width, height, title, body)
