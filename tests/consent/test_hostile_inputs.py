"""Parsers of strangers' files never fail with anything but their documented error (hypothesis)."""

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.consent import tdmrep, xrobots
from auditor.consent.aipref import from_statements
from auditor.consent.robots import RobotsTxt
from auditor.consent.sfv import SFError, parse_dictionary
from auditor.net.urls import URLRejected, check_url

LINES = st.lists(st.one_of(
    st.sampled_from(["User-agent: *", "User-agent: GPTBot", "Disallow: /", "Allow: /a", "Disallow: *.jpg$",
                     "Disallow:", "Sitemap: x", "# c", "user-AGENT : ccbot/1", "Disallow: /%zz*%C3%A9$$"]),
    st.text(max_size=40)), max_size=30)


@settings(max_examples=150, deadline=None)
@given(LINES, st.text(max_size=30), st.booleans())
def test_robots_never_raises(lines, path, bare):
    robots = RobotsTxt.parse("\n".join(lines), allow_bare_wildcards=bare)
    v = robots.verdict("GPTBot", "/" + path)
    assert isinstance(v.allowed, bool)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_tdmrep_only_documented_error(data):
    try:
        rules = tdmrep.parse_file(data)
    except tdmrep.TdmFileError:
        return
    assert tdmrep.decide(rules, "/x").value in ("reserved", "allowed")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=4))
def test_xrobots_never_raises(values):
    assert xrobots.decide(values, ["GPTBot"])[0] in ("reserved", "allowed")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_tdm_header_never_raises(value):
    try:
        headers = httpx.Headers({"tdm-reservation": value})
    except (UnicodeEncodeError, ValueError):
        return
    tdmrep.from_headers(headers)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=80), st.builds(lambda s, rest: f"{s}://{rest}",
                                                 st.sampled_from(["http", "https", "HTTP", "ftp"]),
                                                 st.text(max_size=60))))
def test_check_url_only_rejects(url):
    try:
        checked = check_url(url)
    except URLRejected as exc:
        assert exc.reason in ("invalid_url", "unsupported_scheme")
        return
    assert checked.scheme in ("http", "https") and checked.host and "@" not in checked.url.split("/")[2]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60),
                 st.lists(st.sampled_from(["train-ai", "=", "y", "n", ",", " ", ";", "\"", "(", ")", "?1", ":",
                                           "aGk=", "*", "1.5", "-", "search", "\\"]), max_size=20).map("".join)))
def test_content_usage_only_documented_error(statement):
    try:
        parsed = parse_dictionary(statement)
    except SFError:
        assert from_statements([("h", statement)]).value == "unknown"
        return
    assert isinstance(parsed, dict)
    assert from_statements([("h", statement)]).value in ("reserved", "allowed")


@settings(max_examples=150, deadline=None)
@given(LINES, st.lists(st.sampled_from(["Content-Usage: train-ai=n", "content-usage: /a train-ai=y",
                                        "Content-Usage:", "Content-Usage: /x\t(", "content-usage /b"]), max_size=5),
       st.text(max_size=20))
def test_robots_content_usage_never_raises(lines, usage, path):
    robots = RobotsTxt.parse("\n".join(lines + usage))
    assert from_statements(robots.content_usage(["GPTBot", "CCBot"], "/" + path)).value in (
        "reserved", "allowed", "unknown")
