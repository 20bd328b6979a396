"""google/robotstxt's robots_test.cc, ported: every IsUserAgentAllowed case under Google's test name.

A case in DIFFERENCES must still differ from Google (so the list of deliberate differences stays true),
and every ID_* case outside it must give Google's answer.
"""

import pytest

from auditor.consent.robots import RobotsTxt, lines, valid_agent_token
from tests.consent.google_robots_cases import (
    BOM_CASES,
    CASES,
    DIFFERENCES,
    LINE_END_CASES,
    VALID_AGENT_CASES,
)


def google_path(url: str) -> str:
    """GetPathParamsQuery of robots.cc: path, params and query of a URL, without the fragment."""
    start = 2 if url.startswith("//") else 0
    early = min((i for i in (url.find(c, start) for c in "/?;") if i >= 0), default=len(url))
    proto = url.find("://", start)
    proto = start if proto < 0 or early < proto else proto + 3
    path_start = min((i for i in (url.find(c, proto) for c in "/?;") if i >= 0), default=-1)
    if path_start < 0:
        return "/"
    hash_pos = url.find("#", start)
    if 0 <= hash_pos < path_start:
        return "/"
    path = url[path_start: hash_pos if hash_pos >= 0 else len(url)]
    return path if path.startswith("/") else "/" + path


def is_user_agent_allowed(robots: str, agent: str, url: str) -> bool:
    return RobotsTxt.parse(robots.encode("utf-8")).verdict(agent, google_path(url)).allowed


@pytest.mark.parametrize("name,n,robots,agent,url,expected", CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_google_case(name, n, robots, agent, url, expected):
    ours = is_user_agent_allowed(robots, agent, url)
    if (name, n) in DIFFERENCES:
        assert ours is not expected, f"listed as a deliberate difference but now agrees: {DIFFERENCES[name, n]}"
    else:
        assert ours is expected


def test_table_is_complete():
    assert len(CASES) == 145                       # every IsUserAgentAllowed call in robots_test.cc
    assert not any(name.startswith("ID_") and (name, n) in DIFFERENCES and name != "ID_Encoding"
                   for name, n in DIFFERENCES)     # ID_* differ only by the RFC's encoding rule


@pytest.mark.parametrize("name,n,agent,valid", VALID_AGENT_CASES, ids=[f"{c[0]}-{c[1]}" for c in VALID_AGENT_CASES])
def test_valid_agent_token(name, n, agent, valid):
    assert valid_agent_token(agent) is valid


@pytest.mark.parametrize("name,what,data,applies", BOM_CASES, ids=[c[1] for c in BOM_CASES])
def test_byte_order_mark(name, what, data, applies):
    parsed = RobotsTxt.parse(data + b"User-agent: *\nDisallow: /\n")
    assert parsed.verdict("foo", "/AnyValue").allowed is applies
    assert sum(ln.kind != "other" for ln in lines(data)) == (2 if applies else 1)
    # the check parses text decoded with errors="replace" (fetch.py): the same answers
    as_text = (data + b"User-agent: *\nDisallow: /\n").decode("utf-8", errors="replace")
    assert RobotsTxt.parse(as_text).verdict("foo", "/AnyValue").allowed is applies


@pytest.mark.parametrize("what,text", LINE_END_CASES, ids=[c[0] for c in LINE_END_CASES])
def test_line_numbers(what, text):
    found = lines(text.encode())
    assert [ln.number for ln in found] == [1, 2, 3, 6]
    v = RobotsTxt.parse(text.encode()).verdict("bar", "/x")
    assert not v.allowed and v.rule.line == 6


def test_path_helper_matches_google():
    # TestGetPathParamsQuery of robots_test.cc
    for url, path in [("", "/"), ("http://www.example.com", "/"), ("http://www.example.com/a", "/a"),
                      ("http://www.example.com/a/b?c=http://d.e/", "/a/b?c=http://d.e/"),
                      ("http://www.example.com/a/b?c=d&e=f#fragment", "/a/b?c=d&e=f"), ("example.com", "/"),
                      ("example.com/a/", "/a/"), ("a", "/"), ("a/", "/"), ("/a", "/a"), ("a/b", "/b"),
                      ("example.com?a", "/?a"), ("example.com/a;b#c", "/a;b"), ("//a/b/c", "/b/c")]:
        assert google_path(url) == path
