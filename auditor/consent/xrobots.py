"""X-Robots-Tag as Google (developers.google.com/search/docs/crawling-indexing/robots-meta-tag) and MDN
describe it: `noai`, `noimageai`, `noml` reserve AI use; `noindex`/`noimageindex`/`none` optionally.

A header value is a comma-separated list of directives. A `botname:` prefix scopes the directives after
it, up to the next prefix (`noindex, spawningbot: noai, otherbot: all`: `noindex` for everyone, `noai`
for spawningbot, `all` for otherbot); directives before any prefix apply to every bot. Each header line
starts unscoped, and all lines of a response combine: a reservation for us anywhere reserves. Bot names
and directives are case-insensitive. Directives that carry their own colon (`unavailable_after: ...`,
`max-snippet: 20`) are not bot prefixes, and `botname: max-snippet: 20` is the bot's `max-snippet`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from auditor.consent import ALLOWED, RESERVED

AI_DIRECTIVES = frozenset({"noai", "noimageai", "noml"})
INDEX_DIRECTIVES = frozenset({"noindex", "noimageindex", "none"})
_COLON_DIRECTIVES = frozenset({"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"})
_PREFIX = re.compile(r"\s*([A-Za-z][A-Za-z0-9_.-]*)\s*:(.*)", re.DOTALL)


def scoped(value: str) -> list[tuple[str | None, str]]:
    """(bot or None, lower-case directive) for every directive of one header value."""
    out: list[tuple[str | None, str]] = []
    scope: str | None = None
    for part in value.split(","):
        m = _PREFIX.fullmatch(part)
        if m is not None and m.group(1).lower() not in _COLON_DIRECTIVES:
            scope, part = m.group(1).lower(), m.group(2)
        directive = part.strip().lower()
        if directive:
            out.append((scope, directive.split(":", 1)[0].strip()))
    return out


def decide(values: Iterable[str], agents: Iterable[str], *,
           noindex_reserves: bool = False) -> tuple[str, str]:
    """(reserved|allowed, evidence) for the X-Robots-Tag header values of one response."""
    ours = {a.split("/", 1)[0].strip().lower() for a in agents}
    reserving = AI_DIRECTIVES | (INDEX_DIRECTIVES if noindex_reserves else frozenset())
    for value in values:
        for scope, directive in scoped(value):
            if directive in reserving and (scope is None or scope in ours):
                who = f" ({directive} for {scope})" if scope else ""
                return RESERVED, f"X-Robots-Tag: {value.strip()[:200]}{who}"
    return ALLOWED, "X-Robots-Tag: no AI reservation"
