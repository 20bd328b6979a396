"""Fetch row images by URL through the one safe HTTP module (auditor.net), for `--fetch-images`.

The faces check never opens sockets itself: scheme and address checks at every redirect hop, byte caps,
deadlines, User-Agent and per-host politeness live in auditor.net, shared with the consent check. This
module only adds what is specific to images: an `X-Robots-Tag: noai` / `noimageai` answer means the
publisher opted out of AI use, so the image is not analysed and the row says so
(`skipped:x_robots_noai`). Fetched bytes stay in memory; nothing is written to disk.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from auditor.errors import CheckUnavailable

NOAI = "skipped:x_robots_noai"
_NOAI_TOKENS = {"noai", "noimageai"}


def _robots_opt_out(headers) -> bool:
    if headers is None:
        return False
    if hasattr(headers, "get_list"):
        values = headers.get_list("x-robots-tag")
    else:
        values = [headers.get("x-robots-tag")]
    for value in values:
        if not value:
            continue
        # "noai, noimageai" or "googlebot: noindex" (a directive for one bot still counts for us)
        for token in value.replace(":", ",").split(","):
            if token.strip().lower() in _NOAI_TOKENS:
                return True
    return False


async def _fetch_all(urls: Sequence[str], max_bytes: int, allow_private_network: bool,
                     options: dict) -> list[tuple[bytes | None, str | None]]:
    from auditor.net import NetOptions, SafeFetcher

    out: list[tuple[bytes | None, str | None]] = []
    async with SafeFetcher(NetOptions(allow_private_network=allow_private_network, **options)) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(u, max_bytes=max_bytes, method="GET") for u in urls))
    for r in results:
        if r.status != "ok":
            out.append((None, r.status))
        elif _robots_opt_out(r.headers):
            out.append((None, NOAI))
        else:
            out.append((r.body, None))
    return out


def require_net() -> None:
    """Fail before any work when this build has no safe fetch module."""
    try:
        import auditor.net  # noqa: F401
    except ImportError as exc:
        raise CheckUnavailable("--fetch-images needs the safe fetch module auditor.net, which is not in "
                               "this build; use --images or --image-col for local images") from exc


def fetch_images(urls: Sequence[str], *, max_bytes: int, allow_private_network: bool = False,
                 options: dict | None = None) -> list[tuple[bytes | None, str | None]]:
    """(bytes, None) or (None, status) per URL, in order. Per-host limits are auditor.net's job."""
    require_net()
    return asyncio.run(_fetch_all(list(urls), max_bytes, allow_private_network, options or {}))
