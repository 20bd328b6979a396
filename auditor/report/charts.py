"""Server-side SVG bar charts for report.html, readable in black and white.

Each bar has a hatch pattern (not only a colour), a black outline, and its label and count written
next to it, so a grey-scale print or a colour-blind reader loses nothing. Labels come from data and are
escaped; the SVG carries no script, no links and no style attributes (the page's CSP allows none).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

WIDTH, BAR_H, GAP, LABEL_W, COUNT_W = 640, 18, 6, 220, 130
LINE_H, LABEL_CHARS = 13, 26  # 11px capitals are up to ~8px wide: 26 fit in LABEL_W - 6
MAX_BARS = 15
# (fill colour, pattern drawing) pairs: lines at different angles, dots, cross-hatch, solid
_PATTERNS = [
    ("#4e79a7", '<path d="M0,6 L6,0" stroke="#000" stroke-width="1"/>'),
    ("#f28e2b", '<path d="M0,0 L6,6" stroke="#000" stroke-width="1"/>'),
    ("#59a14f", '<circle cx="3" cy="3" r="1.2" fill="#000"/>'),
    ("#e15759", '<path d="M0,3 L6,3 M3,0 L3,6" stroke="#000" stroke-width="0.8"/>'),
    ("#76b7b2", '<path d="M0,0 L6,6 M0,6 L6,0" stroke="#000" stroke-width="0.7"/>'),
    ("#edc948", '<path d="M0,3 L6,3" stroke="#000" stroke-width="1"/>'),
    ("#b07aa1", '<path d="M3,0 L3,6" stroke="#000" stroke-width="1"/>'),
    ("#9c755f", ""),
]


def _defs(chart_id: str) -> str:
    out = []
    for i, (colour, drawing) in enumerate(_PATTERNS):
        out.append(f'<pattern id="{chart_id}-p{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
                   f'<rect width="6" height="6" fill="{colour}"/>{drawing}</pattern>')
    return "<defs>" + "".join(out) + "</defs>"


def wrap_label(label: str, width: int = LABEL_CHARS) -> list[str]:
    """A label in lines of at most `width` characters, broken after - _ / . or spaces, never cut short."""
    lines, cur = [], ""
    for piece in re.findall(r"[^\s\-_/.]*[\s\-_/.]?", label):
        if not piece:
            continue
        if cur and len(cur) + len(piece.rstrip()) > width:
            lines.append(cur.rstrip())
            cur = ""
        while len(piece) > width:  # one unbreakable run longer than a line: split it hard
            lines.append(piece[:width])
            piece = piece[width:]
        cur += piece
    if cur.strip() or not lines:
        lines.append(cur.rstrip())
    return lines


def bar_chart(chart_id: str, title: str, counts: dict[str, int], total: int | None = None) -> Markup:
    """Horizontal bars, largest first (the order of `counts`), at most MAX_BARS plus an "other" bar.

    Bars are drawn on one scale for every chart, the share of `total` rows (0-100%), so a 9% bar is
    short everywhere and a 100% bar spans the axis; without a total a chart falls back to its own
    largest value and says so. Labels are written in full, wrapped onto several lines.
    """
    items = [(str(k), int(v)) for k, v in counts.items()]
    if len(items) > MAX_BARS:
        rest = sum(v for _, v in items[MAX_BARS - 1:])
        items = items[: MAX_BARS - 1] + [("(other)", rest)]
    if not items:
        return Markup('<p class="empty">{}: no data.</p>').format(title)
    scale = total if total else (max(v for _, v in items) or 1)
    span = WIDTH - LABEL_W - COUNT_W
    wrapped = [wrap_label(label) for label, _ in items]
    heights = [max(BAR_H, LINE_H * len(lines) + 4) for lines in wrapped]
    height = 24 + sum(h + GAP for h in heights) + 16
    axis = "share of all rows" if total else "relative to the largest bar"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" viewBox="0 0 {WIDTH} {height}" '
             f'width="{WIDTH}" height="{height}" aria-labelledby="{chart_id}-t">',
             f'<title id="{chart_id}-t">{escape(title)}</title>', _defs(chart_id),
             f'<text x="0" y="14" font-weight="bold" font-size="13">{escape(title)}</text>']
    y = 24
    for i, ((_label, value), lines, h) in enumerate(zip(items, wrapped, heights, strict=True)):
        w = max(1.0, span * value / scale) if value else 0.0
        share = f" ({100 * value / total:.1f}%)" if total else ""
        tspans = "".join(f'<tspan x="{LABEL_W - 6}" dy="{0 if j == 0 else LINE_H}">{escape(line)}</tspan>'
                         for j, line in enumerate(lines))
        parts.append(f'<text class="label" y="{y + 13}" text-anchor="end" font-size="11">{tspans}</text>')
        if w:
            parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" '
                         f'fill="url(#{chart_id}-p{i % len(_PATTERNS)})" stroke="#000" stroke-width="0.8"/>')
        parts.append(f'<text x="{LABEL_W + w + 4:.1f}" y="{y + 13}" font-size="11">{value:,}{share}</text>')
        y += h + GAP
    parts.append(f'<line x1="{LABEL_W}" y1="{y}" x2="{LABEL_W + span}" y2="{y}" stroke="#000" stroke-width="0.6"/>')
    parts.append(f'<text x="{LABEL_W}" y="{y + 12}" font-size="10">0%</text>'
                 f'<text x="{LABEL_W + span}" y="{y + 12}" font-size="10" text-anchor="end">'
                 f'{"100%" if total else "max"} ({axis})</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every data-derived piece above went through escape()


def face_buckets(counts: dict[str, int]) -> dict[str, int]:
    """face_count value counts -> 0, 1, 2, 3, 4, 5+ and unknown buckets, in that order."""
    out: dict[str, int] = {}
    for k, v in counts.items():
        if k in ("null", "None"):
            label = "unknown"
        else:
            try:
                n = int(float(k))
            except ValueError:
                label = "unknown"
            else:
                label = "5+" if n >= 5 else str(n)
        out[label] = out.get(label, 0) + v
    order = ["0", "1", "2", "3", "4", "5+", "unknown"]
    return {k: out[k] for k in order if k in out}
