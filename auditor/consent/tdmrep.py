"""TDMRep (W3C TDM Reservation Protocol, Community Group final report): headers and tdmrep.json.

`tdm-reservation: 1` reserves text-and-data-mining rights (the EU opt-out of DSM Art. 4), `0` says they
are not reserved; `tdm-policy` points at the licence offer and is kept as evidence. As the report says:
- in /.well-known/tdmrep.json the FIRST rule (in file order) whose `location` matches decides ("the most
  specific match is the first in sequence"); no matching rule: unset (nothing reserved);
- matching is case-sensitive, with robots.txt's `*` and `$` (patterns.py, linear time); percent-encoded
  unreserved characters in the URL are decoded before comparing, other octets compared as written;
- a rule that is malformed does not void the valid rules of the file;
- header values supersede the file, and an absent (or, per the report, invalid) header leaves it.
Conservative readings where the report leaves room (each says so in its evidence):
- a malformed rule whose location matches the path before the deciding rule, or a malformed header with
  nothing else deciding, makes the answer `unknown` (the report's "unset" would read as allowed);
- `true` and "1" count as 1 (the report calls the value boolean); `false` as 0; any other value malformed;
- two headers that disagree: the reservation wins; a file that is not a JSON array is `unknown`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from auditor.consent import ALLOWED, RESERVED, UNKNOWN
from auditor.consent.patterns import Pattern, compile_pattern, match, normalize

WELL_KNOWN = "/.well-known/tdmrep.json"
MAX_BYTES = 1024 * 1024
MAX_RULES = 10_000
CONSERVATIVE = "conservative reading"


@dataclass(frozen=True)
class TdmDecision:
    value: str                 # reserved | allowed | unknown
    evidence: str
    policy: str | None = None


@dataclass(frozen=True)
class TdmRule:
    location: Pattern | None   # None: location not usable
    reserved: bool | None      # None: malformed rule (kept so it can make a match `unknown`)
    policy: str | None
    index: int
    problem: str | None = None


class TdmFileError(ValueError):
    pass


def _reservation(value) -> bool | None:
    if value is True or value == "1" or (type(value) in (int, float) and value == 1):
        return True
    if value is False or (type(value) in (int, float) and value == 0):
        return False
    return None


def from_headers(headers) -> TdmDecision | None:
    """Decision from `tdm-reservation`/`tdm-policy` response headers, or None when absent.

    `headers` maps lower-case names to a value (lines joined by commas) or a list of header lines."""
    raw = headers.get("tdm-reservation")
    values = raw if isinstance(raw, list) else raw.split(",") if raw is not None else []
    if not values:
        return None
    policy = headers.get("tdm-policy")
    policy = (policy[0] if policy else None) if isinstance(policy, list) else policy
    seen = [v.strip() for v in values]
    if "1" in seen:
        extra = f" ({CONSERVATIVE}: headers disagree {seen[:4]!r}, the reservation wins)" if "0" in seen else ""
        ev = "tdm-reservation: 1" + (f"; tdm-policy: {policy}" if policy else "") + " (header)" + extra
        return TdmDecision(RESERVED, ev, policy)
    if seen and all(v == "0" for v in seen):
        return TdmDecision(ALLOWED, "tdm-reservation: 0 (header)", None)
    return TdmDecision(UNKNOWN, f"malformed tdm-reservation header {seen[0][:40]!r}", policy)


def _location(value: str) -> Pattern:
    value = value.strip()
    if value.lower().startswith(("http://", "https://")):  # a full URL: its path (and query)
        parts = urlsplit(value)
        value = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not value.startswith(("/", "*")):
        value = "/" + value
    return compile_pattern(value)


def parse_file(data: bytes) -> list[TdmRule]:
    """Rules of a tdmrep.json, malformed ones included and marked; raises TdmFileError only when the file
    as a whole is unusable (not JSON, not an array, too many rules)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise TdmFileError(f"not JSON ({type(exc).__name__})") from None
    if not isinstance(doc, list):
        raise TdmFileError("top level is not a JSON array")
    if len(doc) > MAX_RULES:
        raise TdmFileError(f"more than {MAX_RULES} rules")
    rules = []
    for i, item in enumerate(doc):
        if not isinstance(item, dict):
            rules.append(TdmRule(None, None, None, i, "not an object"))
            continue
        loc = item.get("location")
        location = _location(loc) if isinstance(loc, str) else None
        reserved = _reservation(item.get("tdm-reservation"))
        policy = item.get("tdm-policy")
        problem = ("missing string 'location'" if location is None else
                   "'tdm-reservation' is not 0 or 1" if reserved is None else None)
        rules.append(TdmRule(location, reserved, policy if isinstance(policy, str) else None, i, problem))
    return rules


def decide(rules: list[TdmRule], path: str) -> TdmDecision:
    """Decision of tdmrep.json rules for `path`: the first matching valid rule, unless a malformed rule
    matched before it and it would allow (then `unknown`)."""
    path = normalize(path or "/")
    broken: TdmRule | None = None
    for rule in rules:
        if rule.location is None or not match(rule.location, path):
            continue
        if rule.reserved is None:
            broken = broken or rule
            continue
        ev = (f"{WELL_KNOWN} rule {rule.index}: location {rule.location.text!r} "
              f"tdm-reservation {int(rule.reserved)}")
        if rule.reserved:
            return TdmDecision(RESERVED, ev + (f"; tdm-policy: {rule.policy}" if rule.policy else ""),
                               rule.policy)
        if broken is not None:
            return TdmDecision(UNKNOWN, f"{WELL_KNOWN} rule {broken.index} matches first but is malformed "
                                        f"({broken.problem}); {CONSERVATIVE}: not read as allowed")
        return TdmDecision(ALLOWED, ev)
    if broken is not None:
        return TdmDecision(UNKNOWN, f"{WELL_KNOWN} rule {broken.index} matches but is malformed "
                                    f"({broken.problem}); {CONSERVATIVE}: not read as unset")
    return TdmDecision(ALLOWED, f"{WELL_KNOWN}: no rule for this path")
