"""The path matcher: RFC 9309 normal form, and linear time on hostile patterns (no backtracking)."""

import time

import pyarrow as pa
import pytest

from auditor.checks.consent import ConsentCheck, ConsentOptions
from auditor.consent.patterns import compile_pattern, match, matches, normalize
from auditor.consent.robots import RobotsTxt
from auditor.consent.tdmrep import decide, parse_file
from tests._localhttp import LocalServer, fast_options, text
from tests._netguard import loopback_only  # noqa: F401 - fixture


@pytest.mark.parametrize("pattern,path,hit", [
    ("/path/file-with-a-%2A.html", "/path/file-with-a-*.html", True),   # RFC 9309 §2.2.2 table
    ("/path/file-with-a-%2A.html", "/path/file-with-a-%2A.html", True),
    ("/path/file-with-a-%2A.html", "/path/file-with-a-x.html", False),  # %2A is no wildcard
    ("/path/foo-%24", "/path/foo-$", True),
    ("/path/foo-%24", "/path/foo-", False),
    ("/path/foo-%24", "/path/foo-%24", True),
    ("/foo/bar?baz=quz", "/foo/bar?baz=quz", True),
    ("/foo/bar/%E3%83%84", "/foo/bar/ツ", True),
    ("/foo/bar/ツ", "/foo/bar/%e3%83%84", True),
    ("/%7Ejoe/", "/~joe/index.html", True),
    ("/a%2Fb", "/a/b", False),                       # reserved characters keep their escape
    ("/a$b", "/a$b", True),                          # a `$` inside a pattern is literal
    ("/a*", "/a", True),
    ("/*.php$", "/x.php", True), ("/*.php$", "/x.php5", False), ("/*.php$", "/x.php.php", True),
    ("/a*b*c$", "/abcbc", True), ("/a*b*c$", "/acb", False), ("/a*ab$", "/aab", True),
    ("/x*x$", "/x", False), ("*", "/anything", True), ("/$", "/", True), ("/$", "/a", False),
])
def test_matches(pattern, path, hit):
    assert matches(pattern, path) is hit


def test_normal_form():
    assert normalize("/caf\u00e9 x*$%7e%2f") == "/caf%C3%A9%20x%2A%24~%2F"


HOSTILE = [
    "/" + "*a" * 30 + "*b",                       # the pattern, longer
    "/" + "a*" * 200 + "b",
    "/" + "*" * 10_000 + "b$",
    "/" + "*a" * 2000 + "$",
    "/" + ("a" * 50 + "*") * 40 + "b",
    "/*" + "a" * 99 + "b",                        # long segments: str.find stays linear
    "/*" + "a" * 20_000 + "b",
]


@pytest.mark.parametrize("pattern", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_patterns_are_linear(pattern):
    path = "/" + "a" * 100_000
    started = time.perf_counter()
    for _ in range(5):
        hit = match(compile_pattern(pattern), path)
    elapsed = time.perf_counter() - started
    assert isinstance(hit, bool) and elapsed < 2.0, elapsed   # a backtracking regex takes hours here


def test_hostile_robots_and_tdmrep_files():
    rules = "".join(f"Disallow: /{'*a' * 40}*b{i}\n" for i in range(200))
    robots = RobotsTxt.parse("User-agent: *\n" + rules + "Allow: /\n")
    locations = ",".join(f'{{"location": "/{"*a" * 40}*b{i}", "tdm-reservation": 1}}' for i in range(200))
    tdm = parse_file(f"[{locations}]".encode())
    path = "/" + "a" * 5000
    started = time.perf_counter()
    assert robots.verdict("GPTBot", path).allowed and not robots.verdict("GPTBot", path + "b7").allowed
    assert decide(tdm, path).value == "allowed" and decide(tdm, path + "b3").value == "reserved"
    assert time.perf_counter() - started < 5.0


@pytest.mark.usefixtures("loopback_only")
def test_hostile_robots_over_http_finishes(tmp_path):
    """The issue's hang: `Disallow: /*a*a*a*a*a*a*a*a*a*a*b` against a long path, through the whole check."""
    long_path = "/" + "a" * 6000 + ".jpg"
    routes = {"/robots.txt": text("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*b\n"),
              long_path: text(b"\xff\xd8\xff")}
    with LocalServer(routes) as s:
        check = ConsentCheck(ConsentOptions(net=fast_options(), check_headers=False, cache_dir=str(tmp_path)))
        started = time.perf_counter()
        try:
            out = check.run(pa.RecordBatch.from_pydict({"url": [s.url(long_path)]}))
        finally:
            check.close()
    assert time.perf_counter() - started < 10
    assert out.column("consent_robots")[0].as_py() == "allowed"   # no `b` after the a's: not matched
