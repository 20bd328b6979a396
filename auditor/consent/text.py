"""Evidence text from strangers' files and headers, made safe to store and print.

robots.txt lines, header values and Commons metadata end up in reports, terminals and CI logs; control
characters (ANSI escapes, NUL, bidi overrides) are replaced and the length is capped here, once.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(value: str | None, limit: int = 2000) -> str | None:
    if value is None:
        return None
    out = _CONTROL.sub("\ufffd", value.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))
    return out if len(out) <= limit else out[: limit - 1] + "\u2026"
