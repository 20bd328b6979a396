"""Issue #8 item 10: redirects are re-checked at every hop and the hop chain is recorded."""

import pytest

from tests._localhttp import LocalServer, fast_options, fetch_one, redirect, text

pytestmark = pytest.mark.usefixtures("loopback_only")


def _routes():
    chain = {f"/c{i}": redirect(f"/c{i + 1}") for i in range(10)}
    return {"/meta": redirect("http://169.254.169.254/latest/meta-data/"),
            "/ten": redirect("http://10.0.0.1/admin", 301),
            "/file": redirect("file:///etc/passwd"),
            "/loop1": redirect("/loop2"), "/loop2": redirect("/loop1"),
            "/self": redirect("/self", 308),
            "/creds": redirect("http://u:secretpw@127.0.0.1/x"),
            "/c10": text("end"), **chain}


@pytest.mark.parametrize("path,status,last_hop", [
    ("/meta", "skipped:blocked_address", "http://169.254.169.254/latest/meta-data/"),
    ("/ten", "skipped:blocked_address", "http://10.0.0.1/admin"),
    ("/file", "skipped:unsupported_scheme", "file:///etc/passwd"),
    ("/loop1", "error:redirect_loop", "{o}/loop1"),
    ("/self", "error:redirect_loop", "{o}/self"),
    ("/creds", "skipped:invalid_url", "http://127.0.0.1/x"),
])
def test_redirect_hops_rechecked(path, status, last_hop):
    with LocalServer(_routes()) as s:
        r = fetch_one(s.url(path))
    assert r.status == status
    assert r.hops[0] == s.url(path) and r.hops[-1] == last_hop.format(o=s.origin)
    assert "secretpw" not in repr(r)


def test_chain_longer_than_limit():
    with LocalServer(_routes()) as s:
        r = fetch_one(s.url("/c0"), fast_options(max_redirects=3))
        ok = fetch_one(s.url("/c0"), fast_options(max_redirects=10))
    assert r.status == "error:too_many_redirects"
    assert r.hops == [s.url(f"/c{i}") for i in range(5)]
    assert ok.status == "ok" and len(ok.hops) == 11
