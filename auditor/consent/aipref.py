"""IETF AI preferences (aipref WG): the `Content-Usage` statement, as an HTTP response header and as a
robots.txt rule. Implemented revisions: draft-ietf-aipref-vocab-07 and draft-ietf-aipref-attach-05
(both 2025); the drafts still move, so README names them too.

- A statement is a Structured Field Dictionary (vocab §6); the `train-ai` key with Token `y`/`n` allows
  or disallows AI model training; anything else for that key, or no key, is "unknown" (vocab §6.5);
  a statement that does not parse makes every preference unknown; parameters and unknown keys ignored.
- Several statements combine most-restrictive first: any `n` disallows, else any `y` allows (vocab §5.1).
- robots.txt (attach §4): `Content-Usage: [path] statement` inside a group; a rule applies to the
  group's crawlers, the longest matching path wins (RFC 9309 matching), rules with equal paths combine;
  preferences apply only to paths the group lets the crawler fetch (a disallowed path already reserves).

Our signal is tri-state on `train-ai`: reserved (n), allowed (y, or no statement at all: nothing was
reserved), unknown (a statement was made but could not be read).
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.consent import ALLOWED, RESERVED, UNKNOWN
from auditor.consent.patterns import Pattern, compile_pattern
from auditor.consent.sfv import SFError, parse_dictionary

CATEGORY = "train-ai"
VOCAB = "draft-ietf-aipref-vocab-07"
ATTACH = "draft-ietf-aipref-attach-05"


@dataclass(frozen=True)
class UsageRule:
    pattern: Pattern
    statement: str
    line: int
    text: str


def preference(statement: str) -> str | None:
    """'y', 'n', None (unknown) for train-ai; raises SFError when the statement does not parse."""
    kind, value = parse_dictionary(statement.strip(" \t")).get(CATEGORY, (None, None))
    return value if kind == "token" and value in ("y", "n") else None


def usage_rule(value: str, line: int, text: str) -> UsageRule:
    """A robots.txt `Content-Usage` value: an optional path (starts with `/`, ends at SP/HTAB), then the
    statement; no path means every path."""
    path, statement = "/", value
    if value.startswith("/"):
        cut = min((i for i in (value.find(" "), value.find("\t")) if i >= 0), default=len(value))
        path, statement = value[:cut], value[cut:].strip()
    return UsageRule(compile_pattern(path), statement, line, text)


def combine(prefs: list[str | None]) -> str | None:
    return "n" if "n" in prefs else "y" if "y" in prefs else None


@dataclass(frozen=True)
class AiPref:
    value: str          # reserved | allowed | unknown
    evidence: str


def from_statements(found: list[tuple[str, str]]) -> AiPref:
    """Decision from (where, statement) pairs: header values and the robots.txt rules that apply."""
    if not found:
        return AiPref(ALLOWED, "no Content-Usage statement")
    prefs, broken = [], []
    for where, statement in found:
        try:
            prefs.append((preference(statement), where, statement))
        except SFError as exc:
            broken.append(f"{where}: {statement[:100]!r} ({exc})")
    outcome = combine([p for p, _, _ in prefs])
    if outcome == "n":
        where, statement = next((w, s) for p, w, s in prefs if p == "n")
        return AiPref(RESERVED, f"{where}: Content-Usage {statement[:200]!r}: {CATEGORY}=n ({VOCAB})")
    if broken:
        return AiPref(UNKNOWN, "unreadable Content-Usage " + "; ".join(broken[:3]))
    if outcome == "y":
        return AiPref(ALLOWED, f"Content-Usage: {CATEGORY}=y ({VOCAB})")
    return AiPref(ALLOWED, f"Content-Usage states no {CATEGORY} preference ({VOCAB}): nothing reserved")
