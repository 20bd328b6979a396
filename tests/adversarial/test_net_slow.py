"""Issue #8 item 13: a silent server and a drip-feeding one end at the wall-clock deadline."""

import time

import pytest

from tests._localhttp import LocalServer, fast_options, fetch_one

pytestmark = pytest.mark.usefixtures("loopback_only")


def _silent(h):
    time.sleep(6)


def _drip_headers(h):
    for b in b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 100:
        h.wfile.write(bytes([b]))
        h.wfile.flush()
        time.sleep(2)


def _drip_body(h):
    h.send_response(200)
    h.send_header("Content-Length", "1000")
    h.end_headers()
    h.wfile.flush()
    for _ in range(1000):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.2)


@pytest.mark.parametrize("path", ["/silent", "/drip_headers", "/drip_body"])
def test_deadline_is_wall_clock(path):
    # read timeout (5 s) longer than the gap between bytes: only the wall-clock deadline can end these
    opts = fast_options(deadline=2.5, read_timeout=5.0, retries=2)
    with LocalServer({"/silent": _silent, "/drip_headers": _drip_headers, "/drip_body": _drip_body}) as s:
        t0 = time.monotonic()
        r = fetch_one(s.url(path), opts)
        elapsed = time.monotonic() - t0
    assert r.status == "error:timeout"
    assert 2.4 <= elapsed < 3.5          # timeouts are not retried
    assert s.count(path) == 1
