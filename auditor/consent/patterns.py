"""Path patterns shared by robots.txt, ai.txt and tdmrep.json: `*` wildcard, `$` end anchor.

Paths and patterns are compared in one normal form (non-ASCII and spaces percent-encoded, escapes upper
case) so `/caf%c3%a9` and `/café` match the same rules, as RFC 9309 §2.2.2 asks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

_SAFE = "/?=&;:@!$'()*+,-._~%#[]"
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def normalize(path: str) -> str:
    out = quote(path, safe=_SAFE)
    return _ESCAPE.sub(lambda m: m.group(0).upper(), out)


@lru_cache(maxsize=65536)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    if "*" not in pattern and not pattern.endswith("$"):
        return None  # plain prefix: startswith is enough
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return re.compile(regex + (r"\Z" if anchored else ""), re.DOTALL)


def matches(pattern: str, path: str) -> bool:
    """Does normalized `pattern` match normalized `path` (from the start)?"""
    rx = _compiled(pattern)
    if rx is None:
        return path.startswith(pattern)
    return rx.match(path) is not None
