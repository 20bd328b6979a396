"""Fetch row images by URL through the one safe HTTP module (auditor.net), for `--fetch-images`.

The faces check never opens sockets itself: scheme and address checks at every redirect hop, byte caps,
deadlines, User-Agent, per-host politeness and circuit breaking live in auditor.net, shared with the
consent check, and its statuses (`skipped:blocked_address`, `error:timeout`, `error:too_large`,
`error:http_404`...) become the row's `image_status` unchanged. This module adds what is specific to
images: an `X-Robots-Tag: noai` / `noimageai` answer means the publisher opted out of AI use, so the
image is not analysed and the row says so (`skipped:x_robots_noai`); a URL repeated in a chunk is
fetched once; the next chunk downloads while the current one is decoded and detected. Fetched bytes
stay in memory only; nothing is written to disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from auditor.net import LoopThread, NetOptions, SafeFetcher

NOAI = "skipped:x_robots_noai"
_NOAI_TOKENS = {"noai", "noimageai"}
Fetched = tuple[bytes | None, str | None]  # (body, None) or (None, status)


def robots_opt_out(headers) -> bool:
    """True when any X-Robots-Tag value carries noai or noimageai (also inside `bot: noai` forms)."""
    if headers is None:
        return False
    values = headers.get_list("x-robots-tag") if hasattr(headers, "get_list") else [headers.get("x-robots-tag")]
    for value in values:
        for token in (value or "").replace(":", ",").split(","):
            if token.strip().lower() in _NOAI_TOKENS:
                return True
    return False


class ImageFetcher:
    """One SafeFetcher on its own event-loop thread, kept across batches (connections, politeness)."""

    def __init__(self, net: NetOptions, max_bytes: int, resolver=None) -> None:
        self.net = net
        self.max_bytes = max_bytes
        self._resolver = resolver  # tests stub DNS; production uses the system resolver
        self._loop: LoopThread | None = None
        self._fetcher: SafeFetcher | None = None
        self._ahead: ThreadPoolExecutor | None = None
        self.requested = 0

    def open(self) -> None:
        if self._loop is not None:
            return
        self._loop = LoopThread("auditor-faces-fetch")
        self._fetcher = SafeFetcher(self.net, resolver=self._resolver)
        self._loop.run(self._fetcher.__aenter__())
        self._ahead = ThreadPoolExecutor(1, thread_name_prefix="auditor-faces-prefetch")

    def close(self) -> None:
        if self._loop is None:
            return
        self._ahead.shutdown(wait=True)
        self._loop.run(self._fetcher.__aexit__(None, None, None))
        self._loop.close()
        self._loop = self._fetcher = self._ahead = None

    async def _fetch_all(self, urls: list[str]) -> list[Fetched]:
        results = await asyncio.gather(*(self._fetcher.fetch(u, max_bytes=self.max_bytes, method="GET")
                                         for u in urls))
        out: list[Fetched] = []
        for r in results:
            if r.status != "ok":
                out.append((None, r.status))
            elif robots_opt_out(r.headers):
                out.append((None, NOAI))
            else:
                out.append((r.body, None))
        return out

    def fetch(self, urls: Sequence[str]) -> list[Fetched]:
        """Results in the order of `urls`; each distinct URL is requested once."""
        distinct = list(dict.fromkeys(urls))
        self.requested += len(distinct)
        got = dict(zip(distinct, self._loop.run(self._fetch_all(distinct)), strict=True))
        return [got[u] for u in urls]

    def submit(self, urls: Sequence[str]) -> Future:
        """Start fetching `urls` in the background; `.result()` gives what `fetch` would."""
        return self._ahead.submit(self.fetch, list(urls))
