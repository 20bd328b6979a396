"""Path patterns shared by robots.txt, ai.txt and tdmrep.json: `*` wildcard, trailing `$` end anchor.

Normal form (RFC 9309 §2.2.2): paths and the literal parts of patterns are compared after
- percent-encoding octets outside ASCII, spaces and controls (`/café` == `/caf%C3%A9`);
- decoding percent-encoded unreserved characters (`%7Euser` == `~user`, `%62az` == `baz`);
- encoding `*` and `$` in literal text (`%2A`, `%24`), so a pattern's `%2A` matches a URL's `*` and `%2A`,
  while a bare `*` in a pattern stays a wildcard; other escapes keep their octet, hex in upper case.

Matching never backtracks: a pattern is its literal segments between wildcards; the first must be a
prefix, each next one is found leftmost after the previous (greedy leftmost is exact for `*`-only
globs), and an anchored pattern's last segment must end the path. Each `str.find` starts where the
previous match ended, so a match costs O(len(path) * longest segment) at worst, whatever the number of
wildcards: `/*a*a*a*a*a*a*a*a*b` against 100 kB of `a` is one pass, not an exponential regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

# `*` and `$` are left out on purpose: in literal text they become %2A / %24
_SAFE = "/?=&;:@!'()+,-._~%#[]"
_ESCAPE = re.compile(r"%([0-9a-fA-F]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _escape(m: re.Match[str]) -> str:
    char = chr(int(m.group(1), 16))
    return char if char in _UNRESERVED else "%" + m.group(1).upper()


def normalize(text: str) -> str:
    """Normal form of a URL path (or of literal pattern text): see the module docstring."""
    return _ESCAPE.sub(_escape, quote(text, safe=_SAFE, errors="replace"))


@dataclass(frozen=True)
class Pattern:
    text: str                        # normal form as written, `*` and a final `$` kept (for evidence and length)
    segments: tuple[str, ...]        # literal parts between wildcards, in normal form
    anchored: bool                   # ended with `$`


@lru_cache(maxsize=65536)
def compile_pattern(raw: str) -> Pattern:
    """A robots.txt/tdmrep pattern: bare `*` is a wildcard, a final `$` anchors; everything else literal."""
    anchored = raw.endswith("$")
    body = raw[:-1] if anchored else raw
    parts = [normalize(part) for part in body.split("*")]
    text = "*".join(parts) + ("$" if anchored else "")
    if len(parts) > 2:  # `**` is `*`: empty middle segments match anywhere, drop them
        parts = [parts[0], *(p for p in parts[1:-1] if p), parts[-1]]
    return Pattern(text, tuple(parts), anchored)


def match(pattern: Pattern, path: str) -> bool:
    """Does `pattern` match normalized `path` from its start? Greedy, no backtracking."""
    segs = pattern.segments
    first = segs[0]
    if not path.startswith(first):
        return False
    if len(segs) == 1:
        return not pattern.anchored or len(path) == len(first)
    pos = len(first)
    last = len(segs) - 1
    for i in range(1, last):
        found = path.find(segs[i], pos)
        if found < 0:
            return False
        pos = found + len(segs[i])
    tail = segs[last]
    if pattern.anchored:  # the last segment must end the path, after everything matched so far
        return len(path) - len(tail) >= pos and path.endswith(tail)
    return path.find(tail, pos) >= 0


def matches(pattern: str, path: str) -> bool:
    """Convenience: raw pattern text against a raw path (both normalized here)."""
    return match(compile_pattern(pattern), normalize(path))
