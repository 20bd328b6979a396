"""Fetching the opt-out sources for origins and URLs, once each, through the safe fetcher and the cache.

Rows of one origin share one robots.txt, one tdmrep.json and one ai.txt fetch; rows of one URL share one
HEAD. Concurrent callers of the same key await the same task, and finished answers go to the cache, so a
rerun fetches nothing twice. Only what the decision needs is kept (status, text, four headers).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from auditor.consent import aitxt, robots, tdmrep
from auditor.consent.cache import ConsentCache
from auditor.net import FetchResult, SafeFetcher

#: site file kind -> (path at the origin, byte cap, keep the first cap bytes of a longer file)
SITE_FILES: dict[str, tuple[str, int, bool]] = {
    "robots": ("/robots.txt", robots.MAX_BYTES, True),
    "tdmrep": (tdmrep.WELL_KNOWN, tdmrep.MAX_BYTES, False),
    "aitxt": (aitxt.PATH, aitxt.MAX_BYTES, True),
}
KEPT_HEADERS = ("x-robots-tag", "tdm-reservation", "tdm-policy", "content-usage")
#: HEAD answers after which a ranged GET is worth trying (method not allowed/implemented, forbidden)
_HEAD_FALLBACK = {"error:http_403", "error:http_405", "error:http_501", "error:http_400"}


def _record(result: FetchResult, *, text: bool) -> dict[str, Any]:
    body = result.body
    if result.truncated:  # a line cut at the cap could read as a broader rule than written: drop it
        body = body.rsplit(b"\n", 1)[0]
    return {
        "status": result.status,
        "http_status": result.http_status,
        "fetched_at": result.fetched_at.isoformat(),
        "text": body.decode("utf-8", errors="replace") if text else None,
        "headers": {h: result.headers.get_list(h) for h in KEPT_HEADERS} if result.http_status else {},
        "final_url": result.final_url,
    }


class ConsentFetcher:
    def __init__(self, fetcher: SafeFetcher, cache: ConsentCache) -> None:
        self._fetcher = fetcher
        self._cache = cache
        self._tasks: dict[tuple[str, str], asyncio.Task] = {}

    async def _once(self, kind: str, key: str, make: Callable[[], Awaitable[dict[str, Any]]], *,
                    keep: bool) -> dict[str, Any]:
        """One fetch per key: later callers await the same task; `keep` memoizes it for the whole run."""
        task = self._tasks.get((kind, key))
        if task is None:
            async def load():
                cached = await asyncio.to_thread(self._cache.get, kind, key)
                return cached if cached is not None else await make()

            task = asyncio.ensure_future(load() if self._cache.directory is not None else make())
            self._tasks[(kind, key)] = task
        try:
            return await task
        finally:
            if not keep:
                self._tasks.pop((kind, key), None)

    async def site_file(self, origin: str, kind: str) -> dict[str, Any]:
        path, cap, truncate = SITE_FILES[kind]

        async def make():
            result = await self._fetcher.fetch(origin + path, max_bytes=cap, truncate=truncate)
            record = _record(result, text=result.ok)
            if _cacheable(result):
                await asyncio.to_thread(self._cache.put, kind, origin, record)
            return record

        return await self._once(kind, origin, make, keep=True)

    async def url_headers(self, url: str) -> dict[str, Any]:
        async def make():
            result = await self._fetcher.fetch(url, method="HEAD")
            if result.status in _HEAD_FALLBACK:
                result = await self._fetcher.fetch(url, headers={"Range": "bytes=0-0"}, read_body=False)
            record = _record(result, text=False)
            if _cacheable(result):
                await asyncio.to_thread(self._cache.put, "headers", url, record)
            return record

        return await self._once("headers", url, make, keep=False)


def _cacheable(result: FetchResult) -> bool:
    """Answers worth remembering: any HTTP answer except transient ones, and definitive skips."""
    if result.status.startswith("skipped:circuit_open"):
        return False
    if result.http_status in (429, 502, 503, 504):
        return False
    return result.http_status is not None or result.status.startswith("skipped:")


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    t = datetime.fromisoformat(value)
    return t if t.tzinfo else t.replace(tzinfo=UTC)
