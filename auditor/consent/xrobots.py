"""X-Robots-Tag: `noai`, `noimageai`, `noml` reserve AI use; `noindex`/`noimageindex` optionally.

Each header value is a comma-separated directive list, optionally prefixed by a user agent
(`otherbot: noai`): a prefixed value applies only to that agent, so it reserves only when the agent is
one of ours. Directives are case-insensitive. Directives that carry their own colon
(`unavailable_after: ...`, `max-snippet: 20`) are not mistaken for agent prefixes.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditor.consent import ALLOWED, RESERVED

AI_DIRECTIVES = frozenset({"noai", "noimageai", "noml"})
INDEX_DIRECTIVES = frozenset({"noindex", "noimageindex", "none"})
_COLON_DIRECTIVES = frozenset({"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"})


def _split(value: str) -> tuple[str | None, list[str]]:
    """(agent or None, lower-case directives) of one header value."""
    head, sep, rest = value.partition(":")
    agent = None
    if sep and head.strip().lower() not in _COLON_DIRECTIVES and "," not in head:
        agent, value = head.strip().lower(), rest
    return agent, [d.strip().lower() for d in value.split(",") if d.strip()]


def decide(values: Iterable[str], agents: Iterable[str], *,
           noindex_reserves: bool = False) -> tuple[str, str]:
    """(reserved|allowed, evidence) for the X-Robots-Tag header values of one response."""
    ours = {a.lower() for a in agents}
    reserving = AI_DIRECTIVES | (INDEX_DIRECTIVES if noindex_reserves else frozenset())
    for value in values:
        agent, directives = _split(value)
        if agent is not None and agent not in ours:
            continue
        hit = next((d for d in directives if d in reserving), None)
        if hit is not None:
            return RESERVED, f"X-Robots-Tag: {value.strip()[:200]}"
    return ALLOWED, "X-Robots-Tag: no AI reservation"
