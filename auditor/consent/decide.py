"""From fetched records to the per-URL consent signals.

RFC 9309 §2.3.1: robots.txt 4xx = no restrictions; 5xx, 429 or unreachable = complete disallow (so
`reserved`, with that reason as evidence). A source that could not be looked at for a reason of ours
(blocked address, open circuit) is `unknown`. `consent` is `reserved` if any source reserves, `allowed`
if all allow, otherwise `unknown` - and with fail-closed, `unknown` counts as `reserved`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditor.consent import ALLOWED, RESERVED, UNKNOWN, aipref, tdmrep, xrobots
from auditor.consent.fetch import parse_time
from auditor.consent.robots import RobotsTxt
from auditor.consent.text import clean

_UNREACHABLE = ("error:connect_failed", "error:timeout", "error:dns_failed", "error:protocol_error")


@dataclass(frozen=True)
class Part:
    value: str                 # reserved | allowed | unknown
    evidence: str
    problem: str | None = None  # status reason when unknown (e.g. "skipped:blocked_address")


@dataclass(frozen=True)
class ConsentRow:
    robots: str
    tdmrep: str
    xrobots: str | None
    aitxt: str
    aipref: str | None
    consent: str
    reserved_by: str | None    # the vocabularies that reserved, e.g. "robots.txt, Content-Usage"
    evidence: str
    fetched_at: datetime | None
    status: str
    fail_closed: bool          # consent is reserved only because fail-closed turned unknown into it


def _failure(record: dict[str, Any], what: str) -> Part | None:
    status, code = record["status"], record["http_status"]
    if status.startswith("skipped:"):
        return Part(UNKNOWN, f"{what} not fetched ({status})", status)
    if code is None and not status.startswith(_UNREACHABLE):
        return Part(UNKNOWN, f"{what} not fetched ({status})", status)
    return None


def robots_part(record: dict[str, Any], parsed: RobotsTxt | None, agents, path: str, *, what: str) -> Part:
    failed = _failure(record, what)
    if failed is not None:
        return failed
    code = record["http_status"]
    if code is None or code == 429 or code >= 500:
        reason = f"http {code}" if code else record["status"].partition(":")[2]
        return Part(RESERVED, f"{what} unreachable ({reason}): complete disallow (RFC 9309)")
    if 400 <= code < 500 or parsed is None:
        return Part(ALLOWED, f"{what} unavailable (http {code}): no restrictions")
    hit = parsed.first_disallowed(agents, path)
    if hit is None:
        return Part(ALLOWED, f"{what}: allowed for {', '.join(agents[:3])}{'...' if len(agents) > 3 else ''}")
    agent, rule = hit
    return Part(RESERVED, f"{what} line {rule.line}: {rule.text!r} applies to {agent}")


def tdmrep_part(file_record: dict[str, Any], rules: list | str | None, headers: dict | None,
                path: str) -> Part:
    """Header values supersede the file (TDMRep "processing priority"); an invalid header leaves the file
    in charge, but when the file then reserves nothing the answer is unknown (conservative reading)."""
    header = tdmrep.from_headers(headers) if headers else None
    if header is not None and header.value != UNKNOWN:
        return Part(header.value, header.evidence)
    from_file = _tdmrep_file(file_record, rules, path)
    if header is None or from_file.value == RESERVED:
        return from_file
    return Part(UNKNOWN, f"{header.evidence}; {tdmrep.CONSERVATIVE}: not read as unset | {from_file.evidence}",
                "error:tdm_header_malformed")


def _tdmrep_file(file_record: dict[str, Any], rules: list | str | None, path: str) -> Part:
    failed = _failure(file_record, tdmrep.WELL_KNOWN)
    if failed is not None:
        return failed
    code = file_record["http_status"]
    if file_record["status"] == "error:too_large":
        return Part(UNKNOWN, f"{tdmrep.WELL_KNOWN} larger than {tdmrep.MAX_BYTES} bytes",
                    "error:tdmrep_too_large")
    if code is None or code == 429 or code >= 500:
        return Part(UNKNOWN, f"{tdmrep.WELL_KNOWN} unreachable ({file_record['status']})",
                    "error:tdmrep_unreachable")
    if code >= 300 or code == 204:  # 4xx, or redirects that lead nowhere: there is no file
        return Part(ALLOWED, f"no {tdmrep.WELL_KNOWN} (http {code}) and no tdm headers")
    if file_record["status"] != "ok":
        reason = file_record["status"].partition(":")[2]
        return Part(UNKNOWN, f"{tdmrep.WELL_KNOWN} unreadable ({reason})", f"error:tdmrep_{reason}")
    if isinstance(rules, str):
        return Part(UNKNOWN, f"{tdmrep.WELL_KNOWN} malformed: {rules}", "error:tdmrep_malformed")
    decision = tdmrep.decide(rules or [], path)
    return Part(decision.value, decision.evidence,
                "error:tdmrep_rule_malformed" if decision.value == UNKNOWN else None)


def xrobots_part(record: dict[str, Any] | None, agents, noindex_reserves: bool) -> Part | None:
    if record is None:
        return None
    failed = _failure(record, "X-Robots-Tag")
    if failed is not None:
        return failed
    code = record["http_status"]
    if code is None or code >= 400:
        return Part(UNKNOWN, f"image headers unavailable ({record['status']})",
                    f"error:xrobots_{record['status'].partition(':')[2]}")
    value, evidence = xrobots.decide(record["headers"].get("x-robots-tag", []), agents,
                                     noindex_reserves=noindex_reserves)
    return Part(value, evidence)


def aipref_part(robots_record: dict[str, Any], parsed: RobotsTxt | None, head_record: dict[str, Any] | None,
                agents, path: str) -> Part:
    """Content-Usage from the image's response header and from robots.txt rules for our agents' groups."""
    found: list[tuple[str, str]] = []
    if head_record is not None and head_record.get("http_status") and head_record["http_status"] < 400:
        found += [("Content-Usage header", v) for v in head_record["headers"].get("content-usage", [])]
    if parsed is not None:
        found += parsed.content_usage(agents, path)
    decision = aipref.from_statements(found)
    if decision.value == RESERVED:
        return Part(RESERVED, decision.evidence)
    if decision.value == UNKNOWN:
        return Part(UNKNOWN, decision.evidence, "error:aipref_malformed")
    code, failed = robots_record["http_status"], _failure(robots_record, "robots.txt")
    if parsed is None and (failed or code is None or code == 429 or code >= 500):
        return Part(UNKNOWN, f"Content-Usage rules unread: robots.txt {robots_record['status']}",
                    failed.problem if failed else "error:aipref_robots_unreachable")
    return Part(decision.value, decision.evidence)


#: part name -> the vocabulary named in consent_reserved_by
VOCABULARIES = {"robots": "robots.txt", "tdmrep": "TDMRep", "xrobots": "X-Robots-Tag", "aitxt": "ai.txt",
                "aipref": "Content-Usage"}


def combine(parts: dict[str, Part | None], times: list[str | None], fail_closed: bool) -> ConsentRow:
    present = [p for p in parts.values() if p is not None]
    values = {p.value for p in present}
    consent = RESERVED if RESERVED in values else ALLOWED if values == {ALLOWED} else UNKNOWN
    forced = fail_closed and consent == UNKNOWN
    evidence = " | ".join(p.evidence for p in present if consent == ALLOWED or p.value == consent)
    problems = [p.problem or "error:undecidable" for p in present if p.value == UNKNOWN]
    stamps = [t for t in (parse_time(x) for x in times) if t is not None]
    return ConsentRow(
        robots=parts["robots"].value, tdmrep=parts["tdmrep"].value,
        xrobots=parts["xrobots"].value if parts.get("xrobots") else None,
        aitxt=parts["aitxt"].value,
        aipref=parts["aipref"].value if parts.get("aipref") else None,
        consent=RESERVED if forced else consent,
        reserved_by=", ".join(VOCABULARIES[k] for k, p in parts.items() if p is not None and p.value == RESERVED)
        or None,
        evidence=clean("fail-closed: " + evidence if forced else evidence),
        fetched_at=min(stamps) if stamps else None,
        status=problems[0] if consent == UNKNOWN else "ok",
        fail_closed=forced,
    )
