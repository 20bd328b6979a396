"""TDMRep against the W3C Community Group final report (https://www.w3.org/community/reports/tdmrep/CG-FINAL-tdmrep-20240510/):
its examples and each matching, precedence and error-handling sentence, as a table. `conservative` marks
the cases where the report leaves room and we do not read the gap as allowed."""

import json

import httpx
import pytest

from auditor.consent.decide import tdmrep_part
from auditor.consent.tdmrep import TdmFileError, decide, from_headers, parse_file


def rules(*items):
    return parse_file(json.dumps(list(items)).encode())


def r(location, reservation, policy=None):
    d = {"location": location, "tdm-reservation": reservation}
    if policy:
        d["tdm-policy"] = policy
    return d


REPORT_EXAMPLE = rules(r("/directory-a/", 1), r("/directory-b/html/", 1, "https://provider.com/policies/policy.json"),
                       r("/directory-b/images/*.jpg", 0))
ALL = rules(r("/", 1))

FILE_CASES = [
    # the report's own examples
    ("example: pdf group reserved", REPORT_EXAMPLE, "/directory-a/doc.pdf", "reserved"),
    ("example: html group reserved", REPORT_EXAMPLE, "/directory-b/html/p.html", "reserved"),
    ("example: jpeg images not reserved", REPORT_EXAMPLE, "/directory-b/images/a/b.jpg", "allowed"),
    ("example: no match is unset", REPORT_EXAMPLE, "/directory-b/images/a.png", "allowed"),
    ("example: opt-out of everything", ALL, "/any/thing.jpg", "reserved"),
    ("example: opt-out covers the root", ALL, "/", "reserved"),
    # "The most specific match is the first in sequence"
    ("first match wins over a longer later one", rules(r("/", 0), r("/images/*", 1)), "/images/a.jpg", "allowed"),
    ("first match wins: reservation first", rules(r("/images/*", 1), r("/", 0)), "/images/a.jpg", "reserved"),
    ("first match wins: later rules unused", rules(r("/a/", 1), r("/a/b/", 0)), "/a/b/c", "reserved"),
    # "The matching SHOULD be case sensitive"
    ("case sensitive: no match", rules(r("/Images/", 1)), "/images/a", "allowed"),
    ("case sensitive: match", rules(r("/Images/", 1)), "/Images/a", "reserved"),
    # `$` and `*` as in robots.txt
    ("$ ends the pattern: exact", rules(r("/this/path/exactly$", 1)), "/this/path/exactly", "reserved"),
    ("$ ends the pattern: longer path", rules(r("/this/path/exactly$", 1)), "/this/path/exactly/x", "allowed"),
    ("* any characters", rules(r("/this/*/then", 1)), "/this/a/b/then", "reserved"),
    ("* needs the rest", rules(r("/this/*/then", 1)), "/this/then", "allowed"),
    ("%24 matches a literal $", rules(r("/path/foo-%24", 1)), "/path/foo-$", "reserved"),
    ("%2A matches a literal *", rules(r("/file-%2A.html", 1)), "/file-*.html", "reserved"),
    # percent-encoding: unreserved decoded, reserved compared as written
    ("unreserved %7E decoded in the URL", rules(r("/~user/", 1)), "/%7Euser/a", "reserved"),
    ("unreserved %41 decoded in the rule", rules(r("/%41bc", 1)), "/Abc", "reserved"),
    ("reserved %2F not decoded", rules(r("/a%2Fb", 1)), "/a/b", "allowed"),
    ("reserved %2F as written (hex case)", rules(r("/a%2Fb", 1)), "/a%2fb", "reserved"),
    ("non-ASCII compared as UTF-8 octets", rules(r("/café/", 1)), "/caf%C3%A9/x", "reserved"),
    # a malformed rule does not void a valid matching rule
    ("malformed rule elsewhere", rules({"location": "/a/", "tdm-reservation": "yes"}, r("/b/", 1)), "/b/x", "reserved"),
    ("rule without location elsewhere", rules({"tdm-reservation": 1}, r("/x", 1)), "/x", "reserved"),
    ("non-object rule elsewhere", parse_file(b'[1, {"location": "/x", "tdm-reservation": 1}]'), "/x", "reserved"),
    ("malformed matching rule, then reservation", rules(r("/", 2), r("/", 1)), "/x", "reserved"),
    # conservative readings
    ("conservative: malformed rule matches first, then 0", rules(r("/", 2), r("/", 0)), "/x", "unknown"),
    ("conservative: only a malformed rule matches", rules(r("/a/", 1), r("/b/", "no")), "/b/x", "unknown"),
    ("conservative: boolean true reserves", rules(r("/", True)), "/x", "reserved"),
    ("conservative: string \"1\" reserves", rules(r("/", "1")), "/x", "reserved"),
    ("boolean false is 0", rules(r("/", False)), "/x", "allowed"),
    ("full URL location: its path", rules(r("https://provider.com/img/", 1)), "/img/a.jpg", "reserved"),
    ("location without leading slash", rules(r("img/", 1)), "/img/a.jpg", "reserved"),
]


@pytest.mark.parametrize("what,parsed,path,value", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_file_rules(what, parsed, path, value):
    d = decide(parsed, path)
    assert d.value == value
    assert ("conservative reading" in d.evidence) is (value == "unknown")


def test_policy_only_with_reservation():
    assert decide(REPORT_EXAMPLE, "/directory-b/html/x").policy == "https://provider.com/policies/policy.json"
    assert decide(rules(r("/", 0, "https://p/x")), "/a").policy is None   # SHOULD NOT process with 0


@pytest.mark.parametrize("data", [b"{not json", b'{"location": "/"}', b"[" * 100000, b"\xff\xfe\x00"])
def test_unusable_file(data):
    with pytest.raises(TdmFileError):
        parse_file(data)


def rec(status="ok", code=200):
    return {"status": status, "http_status": code, "text": None, "headers": {},
            "fetched_at": "2026-01-01T00:00:00+00:00"}


HEADER_CASES = [
    ("header 1", {"tdm-reservation": ["1"]}, None, "reserved"),
    ("header 0", {"tdm-reservation": ["0"]}, None, "allowed"),
    ("header supersedes file: 0 over 1", {"tdm-reservation": ["0"]}, ALL, "allowed"),
    ("header supersedes file: 1 over 0", {"tdm-reservation": ["1"]}, rules(r("/", 0)), "reserved"),
    ("absent header leaves the file", {"tdm-policy": ["https://p/x"]}, ALL, "reserved"),
    ("invalid header leaves the file", {"tdm-reservation": ["2"]}, ALL, "reserved"),
    ("conservative: invalid header, file silent", {"tdm-reservation": ["yes"]}, rules(r("/other", 1)), "unknown"),
    ("conservative: headers disagree", {"tdm-reservation": ["0", "1"]}, None, "reserved"),
    ("header with spaces", {"tdm-reservation": [" 1 "]}, None, "reserved"),
]


@pytest.mark.parametrize("what,headers,file_rules,value", HEADER_CASES, ids=[c[0] for c in HEADER_CASES])
def test_header_precedence(what, headers, file_rules, value):
    record = rec() if file_rules is not None else rec("error:http_404", 404)
    assert tdmrep_part(record, file_rules, headers, "/x").value == value


def test_http_headers_object():
    d = from_headers(httpx.Headers({"TDM-Reservation": "1", "tdm-policy": "https://p.example/x"}))
    assert d.value == "reserved" and "https://p.example/x" in d.evidence
    assert from_headers(httpx.Headers({})) is None


def test_case_counts():
    assert len(FILE_CASES) + len(HEADER_CASES) >= 40
