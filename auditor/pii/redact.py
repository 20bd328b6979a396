"""Redacted evidence for reports: the caption with every detected span replaced by `<TYPE>`.

Raw matched values never reach summary.json or the reports unless `--show-pii` is given; reports call
`redact(caption, spans)` on the `pii_spans` signal instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def _as_tuple(span: Mapping[str, Any] | tuple) -> tuple[str, int, int]:
    if isinstance(span, Mapping):
        return str(span["type"]), int(span["start"]), int(span["end"])
    return str(span[0]), int(span[1]), int(span[2])


def redact(caption: str, spans: Iterable[Mapping[str, Any] | tuple] | None) -> str:
    """`caption` with spans (dicts {type,start,end} or tuples) replaced by `<TYPE>`.

    Overlapping spans merge into one placeholder named after the first (leftmost, then longest);
    offsets outside the caption are clipped, so a stale or truncated span never leaks text.
    """
    if not caption or not spans:
        return caption
    n = len(caption)
    items = sorted(((t, max(0, min(s, n)), max(0, min(e, n))) for t, s, e in map(_as_tuple, spans)),
                   key=lambda x: (x[1], -x[2]))
    out: list[str] = []
    pos = 0
    for etype, start, end in items:
        if end <= start:
            continue
        if start < pos:  # overlaps the previous placeholder: extend it
            pos = max(pos, end)
            continue
        out.append(caption[pos:start])
        out.append(f"<{etype}>")
        pos = end
    out.append(caption[pos:])
    return "".join(out)
