"""Asking the MediaWiki API for extmetadata, politely, and reading its answer.

One request per 50 titles (the API's limit for ordinary clients), sequential, with `maxlag=5` so we
back off when the wikis' replicas lag, and the honest User-Agent of the safe fetcher (Wikimedia's
User-Agent policy asks for a contact). Values in extmetadata are HTML: stripped with a real HTML
parser, not regular expressions.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

from auditor.consent.text import clean
from auditor.net import SafeFetcher
from auditor.net.politeness import retry_after_seconds

DEFAULT_API = "https://commons.wikimedia.org/w/api.php"
BATCH = 50
FIELDS = ("LicenseShortName", "LicenseUrl", "UsageTerms", "AttributionRequired", "Artist", "Credit",
          "Restrictions")
MAX_RESPONSE = 8 * 1024 * 1024
MAXLAG_RETRIES = 3


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_html(value: Any) -> str | None:
    """Visible text of an HTML fragment, whitespace collapsed; None when empty."""
    if value is None:
        return None
    parser = _Text()
    parser.feed(str(value))
    parser.close()
    text = " ".join("".join(parser.parts).split())
    return clean(text, 1000) or None


@dataclass(frozen=True)
class FileInfo:
    title: str
    status: str                     # ok | skipped:commons_missing | error:<reason>
    fields: dict[str, str | None]   # extmetadata values, HTML stripped


def request_url(api_url: str, titles: list[str]) -> str:
    query = {
        "action": "query", "format": "json", "formatversion": "2", "prop": "imageinfo",
        "iiprop": "extmetadata", "iiextmetadatafilter": "|".join(FIELDS), "redirects": "1",
        "titles": "|".join(titles), "maxlag": "5",
    }
    return f"{api_url}?{urlencode(query)}"


def parse_response(titles: list[str], doc: Any) -> dict[str, FileInfo]:
    """FileInfo per requested title from an API answer (formatversion 1 or 2)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("query"), dict):
        code = doc.get("error", {}).get("code", "no_query") if isinstance(doc, dict) else "not_object"
        return {t: FileInfo(t, f"error:commons_api_{str(code)[:40]}", {}) for t in titles}
    query = doc["query"]
    alias: dict[str, str] = {}
    for key in ("normalized", "redirects"):
        for item in query.get(key) or []:
            if isinstance(item, dict) and isinstance(item.get("from"), str):
                alias[item["from"]] = str(item.get("to"))
    pages = query.get("pages") or []
    if isinstance(pages, dict):  # formatversion 1: keyed by page id
        pages = list(pages.values())
    by_title = {p.get("title"): p for p in pages if isinstance(p, dict)}
    out: dict[str, FileInfo] = {}
    for t in titles:
        final = t
        for _ in range(3):  # normalized, then redirected
            final = alias.get(final, final)
        page = by_title.get(final)
        if page is None:
            out[t] = FileInfo(t, "error:commons_no_answer", {})
        elif "missing" in page or "invalid" in page or not page.get("imageinfo"):
            out[t] = FileInfo(t, "skipped:commons_missing", {})
        else:
            meta = (page["imageinfo"][0] or {}).get("extmetadata") or {}
            fields = {f: strip_html((meta.get(f) or {}).get("value")) for f in FIELDS}
            out[t] = FileInfo(t, "ok", fields)
    return out


async def fetch_infos(fetcher: SafeFetcher, api_url: str, titles: list[str],
                      retry_after_cap: float) -> dict[str, FileInfo]:
    """Metadata for `titles`, 50 per request, one request at a time."""
    out: dict[str, FileInfo] = {}
    for start in range(0, len(titles), BATCH):
        chunk = titles[start:start + BATCH]
        out.update(await _one_request(fetcher, api_url, chunk, retry_after_cap))
    return out


async def _one_request(fetcher: SafeFetcher, api_url: str, chunk: list[str],
                       retry_after_cap: float) -> dict[str, FileInfo]:
    for _ in range(MAXLAG_RETRIES + 1):
        result = await fetcher.fetch(request_url(api_url, chunk), max_bytes=MAX_RESPONSE)
        if not result.ok:
            return {t: FileInfo(t, result.status, {}) for t in chunk}
        try:
            doc = json.loads(result.body)
        except ValueError:
            return {t: FileInfo(t, "error:commons_bad_json", {}) for t in chunk}
        lagged = isinstance(doc, dict) and isinstance(doc.get("error"), dict) and \
            doc["error"].get("code") == "maxlag"
        if not lagged:
            return parse_response(chunk, doc)
        wait = retry_after_seconds(result.headers.get("retry-after"), retry_after_cap)
        await asyncio.sleep(wait if wait is not None else min(5.0, retry_after_cap))
    return {t: FileInfo(t, "error:commons_maxlag", {}) for t in chunk}
