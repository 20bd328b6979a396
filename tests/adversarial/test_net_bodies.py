"""Issue #8 item 14: endless, lying and compressed bodies stop at the cap counted on decoded bytes."""

import asyncio
import tracemalloc
import zlib

import pytest

from auditor.net import SafeFetcher
from tests._localhttp import LocalServer, fast_options, fetch_one, text

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
    async def main(url):
        async with SafeFetcher(fast_options(max_bytes=CAP)) as f:
            await f.fetch(url.replace(path, "/warm"))  # connection pool, TLS context: not the body
            tracemalloc.start()
            try:
                result = await f.fetch(url)
                return result, tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    with LocalServer({**routes, "/warm": text("ok")}) as s:
        r, peak = asyncio.run(main(s.url(path)))
    assert r.status == "error:too_large"
    assert r.body == b""
    assert peak < 4 * 1024 * 1024, f"peak {peak} bytes while capping at {CAP}"


def test_small_gzip_under_cap_is_read():
    def small(h):
        c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        data = c.compress(b"y" * 1000) + c.flush()
        _chunked(h, [data, b""], [("Content-Encoding", "gzip")])
        h.wfile.write(b"0\r\n\r\n")

    with LocalServer({"/s": small}) as s:
        r = fetch_one(s.url("/s"), fast_options(max_bytes=CAP))
    assert r.status == "ok" and r.body == b"y" * 1000


def _endless_header(h):
    h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Big: ")
    for _ in range(2000):
        h.wfile.write(b"a" * 8192)


def _garbage(h):
    h.wfile.write(b"\x00\x01GARBAGE\r\n\r\n" * 100)


@pytest.mark.parametrize("route", [_endless_header, _garbage])
def test_broken_responses_are_protocol_errors(route):
    with LocalServer({"/x": route}) as s:
        r = fetch_one(s.url("/x"), fast_options(max_bytes=CAP))
    assert r.status == "error:protocol_error"
