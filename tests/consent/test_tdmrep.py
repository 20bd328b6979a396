import httpx
import pytest

from auditor.consent.tdmrep import TdmFileError, decide, from_headers, parse_file

RULES = b"""[
  {"location": "/", "tdm-reservation": 0},
  {"location": "/images/*", "tdm-reservation": 1, "tdm-policy": "https://example.org/policy.json"},
  {"location": "/images/free/*", "tdm-reservation": 0}
]"""


@pytest.mark.parametrize("path,value,policy", [
    ("/index.html", "allowed", None),
    ("/images/a.jpg", "reserved", "https://example.org/policy.json"),
    ("/images/free/a.jpg", "allowed", None),
])
def test_location_rules(path, value, policy):
    d = decide(parse_file(RULES), path)
    assert (d.value, d.policy) == (value, policy)
    assert "tdmrep.json rule" in d.evidence


def test_no_matching_rule_is_no_reservation():
    assert decide(parse_file(b'[{"location": "/a/*", "tdm-reservation": 1}]'), "/b").value == "allowed"


@pytest.mark.parametrize("data", [
    b"{not json", b'{"location": "/"}', b'[{"location": "/", "tdm-reservation": "yes"}]',
    b'[{"tdm-reservation": 1}]', b'[{"location": "/", "tdm-reservation": true}]', b"[" * 100000,
    b"\xff\xfe\x00",
])
def test_malformed(data):
    with pytest.raises(TdmFileError):
        parse_file(data)


@pytest.mark.parametrize("headers,value", [
    ({"tdm-reservation": "1", "tdm-policy": "https://p.example/x"}, "reserved"),
    ({"TDM-Reservation": "0"}, "allowed"),
    ({"tdm-reservation": "maybe"}, "unknown"),
    ({}, None),
])
def test_headers(headers, value):
    d = from_headers(httpx.Headers(headers))
    assert (d.value if d else None) == value
    if value == "reserved":
        assert "https://p.example/x" in d.evidence
