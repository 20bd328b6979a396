"""Server-side SVG bar charts for report.html, readable in black and white.

Each bar has a hatch pattern (not only a colour), a black outline, and its label and count written
next to it, so a grey-scale print or a colour-blind reader loses nothing. Labels come from data and are
escaped; the SVG carries no script, no links and no style attributes (the page's CSP allows none).
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, BAR_H, GAP, LABEL_W, COUNT_W = 640, 18, 6, 200, 140
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


def bar_chart(chart_id: str, title: str, counts: dict[str, int], total: int | None = None) -> Markup:
    """Horizontal bars, largest first (the order of `counts`), at most MAX_BARS plus an "other" bar."""
    items = [(str(k), int(v)) for k, v in counts.items()]
    if len(items) > MAX_BARS:
        rest = sum(v for _, v in items[MAX_BARS - 1:])
        items = items[: MAX_BARS - 1] + [("(other)", rest)]
    if not items:
        return Markup('<p class="empty">{}: no data.</p>').format(title)
    top = max(v for _, v in items) or 1
    height = len(items) * (BAR_H + GAP) + 28
    span = WIDTH - LABEL_W - COUNT_W
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" viewBox="0 0 {WIDTH} {height}" '
             f'width="{WIDTH}" height="{height}" aria-labelledby="{chart_id}-t">',
             f'<title id="{chart_id}-t">{escape(title)}</title>', _defs(chart_id),
             f'<text x="0" y="14" font-weight="bold" font-size="13">{escape(title)}</text>']
    for i, (label, value) in enumerate(items):
        y = 24 + i * (BAR_H + GAP)
        w = max(1.0, span * value / top) if value else 0.0
        short = label if len(label) <= 32 else label[:31] + "…"
        share = f" ({100 * value / total:.1f}%)" if total else ""
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + 13}" text-anchor="end" font-size="11">{escape(short)}</text>')
        if w:
            parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" '
                         f'fill="url(#{chart_id}-p{i % len(_PATTERNS)})" stroke="#000" stroke-width="0.8"/>')
        parts.append(f'<text x="{LABEL_W + w + 4:.1f}" y="{y + 13}" font-size="11">{value:,}{share}</text>')
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
