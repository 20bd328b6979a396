"""Issue #8 item 14: endless, lying and compressed bodies stop at the cap counted on decoded bytes."""

import tracemalloc
import zlib

import pytest

from tests._localhttp import LocalServer, fast_options, fetch_one

pytestmark = pytest.mark.usefixtures("loopback_only")
CAP = 256 * 1024
ZEROS = b"\0" * (1024 * 1024)


def _gzip_stream():
    """An endless gzip stream of zeros: ~1 KiB on the wire per MiB decoded."""
    c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    while True:
        yield c.compress(ZEROS) + c.flush(zlib.Z_SYNC_FLUSH)


def _chunked(h, chunks, headers=()):
    h.send_response(200)
    h.send_header("Transfer-Encoding", "chunked")
    for k, v in headers:
        h.send_header(k, v)
    h.end_headers()
    for chunk in chunks:
        if chunk:
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def _endless(h):
    _chunked(h, iter(lambda: b"A" * 65536, None))


def _gzip_bomb(h):
    _chunked(h, _gzip_stream(), [("Content-Encoding", "gzip")])


def _lying_length(h):
    # declares 2 KiB (well under the cap) of gzip that inflates to ~2 MiB
    gen = _gzip_stream()
    data = b"".join(next(gen) for _ in range(4))[:2048]
    h.send_response(200)
    h.send_header("Content-Length", str(len(data)))
    h.send_header("Content-Encoding", "gzip")
    h.end_headers()
    h.wfile.write(data)


def _no_length_until_close(h):
    h.send_response(200)
    h.send_header("Connection", "close")
    h.end_headers()
    for _ in range(200):
        h.wfile.write(ZEROS[:65536])


@pytest.mark.parametrize("path", ["/endless", "/gzip_bomb", "/lying_length", "/until_close"])
def test_too_large_on_decoded_bytes_memory_flat(path):
    routes = {"/endless": _endless, "/gzip_bomb": _gzip_bomb, "/lying_length": _lying_length,
              "/until_close": _no_length_until_close}
    with LocalServer(routes) as s:
        tracemalloc.start()
        try:
            r = fetch_one(s.url(path), fast_options(max_bytes=CAP))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert r.status == "error:too_large"
    assert r.body == b""
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes while capping at {CAP}"


def test_small_gzip_under_cap_is_read():
    def small(h):
        c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        data = c.compress(b"y" * 1000) + c.flush()
        _chunked(h, [data, b""], [("Content-Encoding", "gzip")])
        h.wfile.write(b"0\r\n\r\n")

    with LocalServer({"/s": small}) as s:
        r = fetch_one(s.url("/s"), fast_options(max_bytes=CAP))
    assert r.status == "ok" and r.body == b"y" * 1000
