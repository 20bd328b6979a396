"""SafeFetcher against a real server on 127.0.0.1: the ordinary paths (hostile ones: tests/adversarial)."""

import gzip
import zlib

import pytest

from auditor.net import NetOptions, default_user_agent
from tests._localhttp import LocalServer, fast_options, fetch_many, fetch_one, redirect, send, text

pytestmark = pytest.mark.usefixtures("loopback_only")


def test_honest_user_agent_and_no_cookies_kept():
    routes = {"/set": lambda h: send(h, 200, b"x", {"Set-Cookie": "sid=1; Path=/"}), "/b": text("y")}
    with LocalServer(routes) as s:
        fetch_many([s.url("/set")])
        results, _ = fetch_many([s.url("/set"), s.url("/b")], fast_options(per_host_concurrency=1))
    ua = s.requests[0]["headers"]["User-Agent"]
    assert ua == default_user_agent() and "auditor/" in ua and "+https://" in ua
    assert all("Cookie" not in r["headers"] for r in s.requests)


def test_contact_in_user_agent():
    assert "contact: ops@example.org" in default_user_agent("ops@example.org")


@pytest.mark.parametrize("route,status,body", [
    (text("hello"), "ok", b"hello"),
    (text("nope", status=404), "error:http_404", b"nope"),
    (text("", status=500), "error:http_500", b""),
    (lambda h: send(h, 200, gzip.compress(b"z" * 5000), {"Content-Encoding": "gzip"}), "ok", b"z" * 5000),
    (lambda h: send(h, 200, zlib.compress(b"d" * 300), {"Content-Encoding": "deflate"}), "ok", b"d" * 300),
    (lambda h: send(h, 200, b"x", {"Content-Encoding": "br"}), "error:undecodable", b""),
])
def test_status_and_body(route, status, body):
    with LocalServer({"/x": route}) as s:
        r = fetch_one(s.url("/x"))
    assert (r.status, r.body) == (status, body)
    assert r.hops == [s.url("/x")] and r.address == "127.0.0.1" and r.fetched_at.tzinfo is not None


def test_redirects_followed_and_recorded():
    with LocalServer({"/a": redirect("/b", 301), "/b": redirect("/c", 307), "/c": text("end")}) as s:
        r = fetch_one(s.url("/a"))
    assert r.status == "ok" and r.body == b"end"
    assert r.hops == [s.url("/a"), s.url("/b"), s.url("/c")] and r.final_url == s.url("/c")


def test_declared_length_over_cap_is_refused_before_reading():
    with LocalServer({"/big": text(b"x" * 5000)}) as s:
        r = fetch_one(s.url("/big"), max_bytes=100)
    assert r.status == "error:too_large"


def test_head_reads_no_body():
    with LocalServer({"/img": text(b"x" * 1000, X_Robots_Tag="noai")}) as s:
        r = fetch_one(s.url("/img"), method="HEAD")
    assert r.status == "ok" and r.body == b"" and r.headers["x-robots-tag"] == "noai"
    assert s.count("/img", "HEAD") == 1


def test_circuit_breaker_skips_and_counts():
    with LocalServer({"/down": text("busy", status=503)}) as s:
        results, f = fetch_many([s.url("/down")] * 4,
                                fast_options(circuit_threshold=2, per_host_concurrency=1))
    statuses = [r.status for r in results]
    assert statuses.count("error:http_503") == 2 and statuses.count("skipped:circuit_open") == 2
    assert f.breaker.skips[f"127.0.0.1:{s.port}"] == 2 and s.count("/down") == 2


def test_connect_failed_is_an_error_not_a_crash():
    with LocalServer() as s:
        port = s.port
    r = fetch_one(f"http://127.0.0.1:{port}/gone", fast_options(retries=1, backoff=0.01))
    assert r.status == "error:connect_failed"


def test_options_forbid_unknown_keys():
    with pytest.raises(ValueError):
        NetOptions(no_such_option=1)


def test_failed_hop_after_redirect_has_no_http_status():
    with LocalServer() as dead:
        port = dead.port
    with LocalServer({"/r": redirect(f"http://127.0.0.1:{port}/gone")}) as s:
        r = fetch_one(s.url("/r"))
    assert r.status == "error:connect_failed" and r.http_status is None
    assert r.hops == [s.url("/r"), f"http://127.0.0.1:{port}/gone"]
