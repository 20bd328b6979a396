"""Issue #8 item 11: proxy settings in the environment are ignored."""

from tests._localhttp import LocalServer, fetch_one, text


def test_env_proxy_gets_no_request(monkeypatch, loopback_only):
    with LocalServer(default=text("proxied")) as proxy, LocalServer({"/x": text("direct")}) as origin:
        for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.setenv(var, proxy.origin)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        r = fetch_one(origin.url("/x"))
    assert r.status == "ok" and r.body == b"direct"
    assert proxy.requests == [] and origin.count("/x") == 1
