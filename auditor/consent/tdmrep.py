"""TDMRep (W3C TDM Reservation Protocol): HTTP headers and /.well-known/tdmrep.json.

`tdm-reservation: 1` reserves text-and-data-mining rights (the EU opt-out of DSM Art. 4), `0` says they
are not reserved; `tdm-policy` points at the licence offer and is kept as evidence. Headers on the
resource override the site file. In tdmrep.json the most specific (longest) matching `location` pattern
decides, the first one on a tie. A malformed file is `unknown` with the reason, never silently "allowed".
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from auditor.consent import ALLOWED, RESERVED, UNKNOWN
from auditor.consent.patterns import matches, normalize

WELL_KNOWN = "/.well-known/tdmrep.json"
MAX_BYTES = 1024 * 1024
MAX_RULES = 10_000


@dataclass(frozen=True)
class TdmDecision:
    value: str                 # reserved | allowed | unknown
    evidence: str
    policy: str | None = None


@dataclass(frozen=True)
class TdmRule:
    location: str              # normalized pattern
    reserved: bool
    policy: str | None
    index: int


class TdmFileError(ValueError):
    pass


def from_headers(headers) -> TdmDecision | None:
    """Decision from `tdm-reservation`/`tdm-policy` response headers, or None when absent."""
    raw = headers.get("tdm-reservation")
    if raw is None:
        return None
    policy = headers.get("tdm-policy")
    value = raw.strip()
    if value == "1":
        ev = "tdm-reservation: 1" + (f"; tdm-policy: {policy}" if policy else "")
        return TdmDecision(RESERVED, ev + " (header)", policy)
    if value == "0":
        return TdmDecision(ALLOWED, "tdm-reservation: 0 (header)", None)
    return TdmDecision(UNKNOWN, f"malformed tdm-reservation header {value[:40]!r}", policy)


def parse_file(data: bytes) -> list[TdmRule]:
    """Rules of a tdmrep.json; raises TdmFileError with a short reason when malformed."""
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
        if not isinstance(item, dict) or not isinstance(item.get("location"), str):
            raise TdmFileError(f"rule {i}: missing string 'location'")
        reservation = item.get("tdm-reservation")
        if reservation not in (0, 1) or isinstance(reservation, bool):
            raise TdmFileError(f"rule {i}: 'tdm-reservation' must be 0 or 1")
        policy = item.get("tdm-policy")
        if policy is not None and not isinstance(policy, str):
            raise TdmFileError(f"rule {i}: 'tdm-policy' must be a string")
        location = item["location"].strip()
        if not location.startswith(("/", "*")):
            location = "/" + location
        rules.append(TdmRule(normalize(location), reservation == 1, policy, i))
    return rules


def decide(rules: list[TdmRule], path: str) -> TdmDecision:
    """Decision of tdmrep.json rules for `path`; no matching rule means nothing reserved."""
    path = normalize(path or "/")
    best: TdmRule | None = None
    for rule in rules:
        if matches(rule.location, path) and (best is None or len(rule.location) > len(best.location)):
            best = rule
    if best is None:
        return TdmDecision(ALLOWED, f"{WELL_KNOWN}: no rule for this path")
    ev = f"{WELL_KNOWN} rule {best.index}: location {best.location!r} tdm-reservation {int(best.reserved)}"
    if best.policy:
        ev += f"; tdm-policy: {best.policy}"
    return TdmDecision(RESERVED if best.reserved else ALLOWED, ev, best.policy if best.reserved else None)
