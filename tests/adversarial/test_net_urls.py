"""Issue #8 items 7 and 12: unsupported schemes and malformed URLs never open a socket or leak secrets."""

import pytest

from tests._localhttp import fast_options, fetch_many

SCHEMES = ["file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "gopher://127.0.0.1:70/_x",
           "ftp://127.0.0.1/pub", "javascript:alert(1)", "FILE:///etc/hosts"]
MALFORMED = ["http://", "http://[::1", "http://exa mple.org/", "http://127.0.0.1 x/", "http://127.0.0.1/x\t",
             "http://127.0.0.1/" + "a" * 10 * 1024, "http://user:hunter2@127.0.0.1/",
             "https://admin:s3cr3t@127.0.0.1:1/private", " http://127.0.0.1/", "http:///path"]


@pytest.mark.parametrize("url", SCHEMES)
def test_unsupported_scheme_no_socket(url, loopback_only):
    results, f = fetch_many([url])
    assert results[0].status == "skipped:unsupported_scheme"
    assert loopback_only.all == [] and sum(f.requests.values()) == 0


@pytest.mark.parametrize("url", MALFORMED, ids=lambda u: repr(u[:40]))
def test_malformed_invalid_url_no_socket(url, loopback_only):
    results, f = fetch_many([url], fast_options())
    r = results[0]
    assert r.status == "skipped:invalid_url"
    assert loopback_only.all == [] and sum(f.requests.values()) == 0
    shown = repr(r) + str(r.hops) + str(r.final_url)
    for secret in ("hunter2", "s3cr3t", "user:", "admin:"):
        assert secret not in shown
