"""Spawning's ai.txt (https://site.spawning.ai/spawning-ai-txt): robots.txt syntax at the site root.

Its rules usually name file types rather than paths (`Disallow: *.jpg`), so patterns may start with `*`.
Semantics otherwise follow robots.txt (RobotsTxt): the AI agents' groups, longest match, allow on ties.
"""

from __future__ import annotations

from auditor.consent.robots import MAX_BYTES, RobotsTxt

PATH = "/ai.txt"
__all__ = ["MAX_BYTES", "PATH", "parse"]


def parse(text: str | bytes) -> RobotsTxt:
    return RobotsTxt.parse(text, allow_bare_wildcards=True)
