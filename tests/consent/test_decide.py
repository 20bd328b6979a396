"""The per-source decisions from fetch records (RFC 9309 status rules, TDMRep file states)."""

import pytest

from auditor.consent.decide import Part, combine, robots_part, tdmrep_part, xrobots_part
from auditor.consent.robots import RobotsTxt
from auditor.consent.tdmrep import parse_file


def rec(status="ok", code=200, text=None, headers=None):
    return {"status": status, "http_status": code, "text": text, "headers": headers or {},
            "fetched_at": "2026-01-01T00:00:00+00:00"}


ROBOTS = RobotsTxt.parse("User-agent: GPTBot\nDisallow: /\n")


@pytest.mark.parametrize("record,value", [
    (rec(), "reserved"),
    (rec("error:http_404", 404), "allowed"),
    (rec("error:http_403", 403), "allowed"),
    (rec("error:http_503", 503), "reserved"),
    (rec("error:http_429", 429), "reserved"),
    (rec("error:timeout", None), "reserved"),
    (rec("error:connect_failed", None), "reserved"),
    (rec("error:too_many_redirects", 302), "allowed"),
    (rec("skipped:blocked_address", None), "unknown"),
    (rec("skipped:circuit_open", None), "unknown"),
])
def test_robots_status_rules(record, value):
    parsed = ROBOTS if record["status"] == "ok" else None
    assert robots_part(record, parsed, ["GPTBot"], "/x", what="robots.txt").value == value


RULES = parse_file(b'[{"location": "/", "tdm-reservation": 1}]')


@pytest.mark.parametrize("record,rules,headers,value,problem", [
    (rec(), RULES, None, "reserved", None),
    (rec(), RULES, {"tdm-reservation": ["0"]}, "allowed", None),            # header overrides file
    (rec("error:http_404", 404), None, {"tdm-reservation": ["1"]}, "reserved", None),
    (rec("error:http_404", 404), None, None, "allowed", None),
    (rec("error:redirect_loop", 302), None, None, "allowed", None),
    (rec("error:undecodable", 200), None, None, "unknown", "error:tdmrep_undecodable"),
    (rec("error:too_large", 200), None, None, "unknown", "error:tdmrep_too_large"),
    (rec("error:http_500", 500), None, None, "unknown", "error:tdmrep_unreachable"),
    (rec(), "not JSON", None, "unknown", "error:tdmrep_malformed"),
    (rec(), RULES, {"tdm-reservation": ["2"]}, "reserved", None),      # invalid header: the file decides
    (rec("error:http_404", 404), None, {"tdm-reservation": ["2"]}, "unknown", "error:tdm_header_malformed"),
    (rec(), RULES, {"tdm-reservation": ["0", "1"]}, "reserved", None),  # disagreeing headers
])
def test_tdmrep_states(record, rules, headers, value, problem):
    part = tdmrep_part(record, rules, headers, "/x")
    assert (part.value, part.problem) == (value, problem)


@pytest.mark.parametrize("record,value", [
    (rec(headers={"x-robots-tag": ["noai"]}), "reserved"),
    (rec(headers={"x-robots-tag": ["otherbot: noai"]}), "allowed"),
    (rec("error:http_404", 404), "unknown"),
    (None, None),
])
def test_xrobots(record, value):
    part = xrobots_part(record, ["GPTBot"], False)
    assert (part.value if part else None) == value


@pytest.mark.parametrize("values,fail_closed,consent,status,forced", [
    (["allowed", "allowed", None, "allowed"], False, "allowed", "ok", False),
    (["reserved", "unknown", None, "allowed"], False, "reserved", "ok", False),
    (["allowed", "unknown", "allowed", "allowed"], False, "unknown", "error:x", False),
    (["allowed", "unknown", "allowed", "allowed"], True, "reserved", "error:x", True),
])
def test_combine(values, fail_closed, consent, status, forced):
    parts = {k: (Part(v, f"{k} {v}", "error:x" if v == "unknown" else None) if v else None)
             for k, v in zip(("robots", "tdmrep", "xrobots", "aitxt"), values, strict=True)}
    row = combine(parts, ["2026-01-02T00:00:00+00:00", "2026-01-01T00:00:00+00:00"], fail_closed)
    assert (row.consent, row.status, row.fail_closed) == (consent, status, forced)
    assert row.fetched_at.isoformat() == "2026-01-01T00:00:00+00:00"     # the oldest evidence
    assert row.evidence.startswith("fail-closed: ") is forced
