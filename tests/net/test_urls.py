import pytest

from auditor.net.urls import URLRejected, check_url, redact


@pytest.mark.parametrize("url,reason", [
    ("file:///etc/passwd", "unsupported_scheme"),
    ("ftp://example.org/x", "unsupported_scheme"),
    ("javascript:alert(1)", "unsupported_scheme"),
    ("data:text/html,<b>x</b>", "unsupported_scheme"),
    ("gopher://example.org/", "unsupported_scheme"),
    ("http://", "invalid_url"),
    ("http://[::1", "invalid_url"),
    ("http://exa mple.org/", "invalid_url"),
    ("http://example.org/a b", "invalid_url"),
    ("http://example.org:99999/", "invalid_url"),
    ("http:example.org", "invalid_url"),
    ("//example.org/x", "invalid_url"),
    ("http://user:pass@example.org/", "invalid_url"),
    ("http://example.org/\x00", "invalid_url"),
    ("http://example.org/" + "a" * 9000, "invalid_url"),
    ("", "invalid_url"),
    (None, "invalid_url"),
])
def test_rejected(url, reason):
    with pytest.raises(URLRejected) as exc:
        check_url(url)
    assert exc.value.reason == reason


@pytest.mark.parametrize("url,host,port,origin", [
    ("http://Example.ORG/a?b=1#frag", "example.org", 80, "http://example.org"),
    ("https://example.org:8443/", "example.org", 8443, "https://example.org:8443"),
    ("HTTPS://bücher.de/x", "xn--bcher-kva.de", 443, "https://xn--bcher-kva.de"),
    ("http://[::1]:8080/", "::1", 8080, "http://[::1]:8080"),
])
def test_accepted(url, host, port, origin):
    c = check_url(url)
    assert (c.host, c.port, c.origin) == (host, port, origin)
    assert "#" not in c.url


@pytest.mark.parametrize("url,shown", [
    ("http://user:secret@example.org/x", "http://example.org/x"),
    ("http://example.org/x", "http://example.org/x"),
    ("http://u:p@[::1/x", "http://[::1/x"),
])
def test_redact(url, shown):
    assert redact(url) == shown
