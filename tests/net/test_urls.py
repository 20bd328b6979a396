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
    ("http://exa%20mple.org/", "invalid_url"),
    ("http://-bad-.org/", "invalid_url"),
    ("http://example.org /", "invalid_url"),
    ("http://example.org/x ", "invalid_url"),
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


@pytest.mark.parametrize("url,clean", [
    ("http://example.org/SSP Applications/a b.png?x=1 2", "http://example.org/SSP%20Applications/a%20b.png?x=1%202"),
    ("http://example.org/a%20b", "http://example.org/a%20b"),
])
def test_spaces_in_path_are_encoded_like_browsers(url, clean):
    assert check_url(url).url == clean


def test_real_laion_urls(laion_10k):
    """All 10,000 real LAION URLs: accepted, or refused only for a documented reason."""
    import pyarrow.parquet as pq

    rejected = []
    for u in pq.read_table(laion_10k, columns=["URL"]).column("URL").to_pylist():
        try:
            check_url(u)
        except URLRejected as exc:
            rejected.append((u, exc.reason))
    assert rejected == [("UNLIKELY", "invalid_url")]
