"""--fetch-images through auditor.net against real HTTP servers on 127.0.0.1: statuses, opt-outs, dedupe."""

from __future__ import annotations

import httpx
import pytest

from auditor.images.fetch import NOAI, ImageFetcher, robots_opt_out
from tests._localhttp import LocalServer, dripping, fast_options, redirect, send, text
from tests._netguard import loopback_only  # noqa: F401 - fixture

JPEG = b"\xff\xd8\xff\xe0" + b"x" * 1000




ROUTES = {
    "/a.jpg": text(JPEG, Content_Type="image/jpeg"),
    "/noai.jpg": text(JPEG, Content_Type="image/jpeg", X_Robots_Tag="noai, noimageai"),
    "/bot-noai.jpg": text(JPEG, X_Robots_Tag="otherbot: noimageai"),
    "/index.jpg": text(JPEG, X_Robots_Tag="noindex"),
    "/huge.jpg": text(b"y" * 200_000, Content_Type="image/jpeg"),
    "/slow.jpg": dripping(100),
    "/private.jpg": redirect("http://10.0.0.1/a.jpg"),
    "/metadata.jpg": redirect("http://169.254.169.254/latest/meta-data"),
    "/gone.jpg": lambda h: send(h, 404, b"gone"),
}


@pytest.fixture(scope="module")
def server():
    with LocalServer(ROUTES) as s:
        yield s


CASES = [
    ("/a.jpg", None),
    ("/noai.jpg", NOAI),
    ("/bot-noai.jpg", NOAI),
    ("/index.jpg", None),            # noindex is not an AI opt-out
    ("/huge.jpg", "error:too_large"),
    ("/slow.jpg", "error:timeout"),
    ("/private.jpg", "skipped:blocked_address"),
    ("/metadata.jpg", "skipped:blocked_address"),
    ("/gone.jpg", "error:http_404"),
]


@pytest.mark.usefixtures("loopback_only")
def test_statuses_in_order(server):
    f = ImageFetcher(fast_options(deadline=1.0), max_bytes=100_000)
    f.open()
    try:
        got = f.fetch([server.url(p) for p, _ in CASES])
    finally:
        f.close()
    for (path, status), (body, st) in zip(CASES, got, strict=True):
        assert st == status, path
        assert (body == JPEG) if status is None else body is None


@pytest.mark.usefixtures("loopback_only")
def test_repeated_urls_fetched_once_and_prefetch(server):
    f = ImageFetcher(fast_options(), max_bytes=100_000)
    f.open()
    try:
        before = server.count("/a.jpg")
        got = f.submit([server.url("/a.jpg")] * 5).result()
    finally:
        f.close()
    assert [b for b, _ in got] == [JPEG] * 5
    assert server.count("/a.jpg") - before == 1


@pytest.mark.usefixtures("loopback_only")
def test_user_agent_is_honest(server):
    f = ImageFetcher(fast_options(), max_bytes=100_000)
    f.open()
    try:
        f.fetch([server.url("/a.jpg")])
    finally:
        f.close()
    assert server.requests[-1]["headers"]["User-Agent"].startswith("auditor/")


@pytest.mark.usefixtures("loopback_only")
def test_loopback_needs_explicit_permission(server):
    f = ImageFetcher(fast_options(allow_private_network=False), max_bytes=100_000)
    f.open()
    try:
        (body, st), = f.fetch([server.url("/a.jpg")])
    finally:
        f.close()
    assert body is None and st == "skipped:blocked_address"


@pytest.mark.parametrize("value,expected", [("noai", True), ("NoImageAI", True), ("googlebot: noai", True),
                                            ("noindex, nofollow", False), (None, False)])
def test_robots_opt_out(value, expected):
    headers = httpx.Headers({"X-Robots-Tag": value} if value else {})
    assert robots_opt_out(headers) is expected
