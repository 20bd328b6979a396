"""Consent / opt-out check: did the source reserve text-and-data mining or AI use, machine-readably?

Work is per DISTINCT URL (dictionary-encoded column) and per origin for the site files (robots.txt,
tdmrep.json, ai.txt), all fetched concurrently on one private event loop through the safe fetcher and
cached on disk. Per row: a tri-state per source, the combination, the evidence and when it was fetched.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator

from auditor.checks.base import Check, CheckOptions
from auditor.consent import aitxt, decide
from auditor.consent.cache import ConsentCache
from auditor.consent.fetch import ConsentFetcher
from auditor.consent.robots import RobotsTxt, caller_token, valid_agent_token
from auditor.consent.tdmrep import TdmFileError, parse_file
from auditor.net import LoopThread, NetOptions, SafeFetcher
from auditor.net.urls import URLRejected, check_url
from auditor.sources.canonical import as_plain_strings, column
from auditor.stats import Stats

TRI = pa.dictionary(pa.int32(), pa.string())
_PARSERS = {"robots": RobotsTxt.parse, "aitxt": aitxt.parse}


def default_agents() -> tuple[str, ...]:
    text = (Path(__file__).parent.parent / "data" / "ai_agents.txt").read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))


def with_own_token(agents: tuple[str, ...], user_agent: str) -> tuple[str, ...]:
    """Our agents plus the product token of our own User-Agent (`auditor/0.1 (...)` names `auditor`):
    a site that names the fetcher itself in robots.txt or X-Robots-Tag has opted out of us too."""
    own = caller_token(user_agent.split(None, 1)[0]) if user_agent.strip() else ""
    known = {caller_token(a) for a in agents}
    return tuple(agents) + ((own,) if own and own not in known and valid_agent_token(own) else ())


class ConsentOptions(CheckOptions):
    label = "consent"
    flags = {"fail_closed": "--fail-closed", "cache_dir": "--cache-dir", "cache_ttl": "--cache-ttl",
             "check_headers": "--consent-headers", "net.user_agent": "--user-agent-contact",
             "net.allow_private_network": "--allow-private-network"}
    #: AI user-agent tokens; None = auditor/data/ai_agents.txt
    agents: tuple[str, ...] | None = None

    @field_validator("agents")
    @classmethod
    def _product_tokens(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        bad = [a for a in value or () if not valid_agent_token(a)]
        if bad:  # a name no robots.txt group could name would silently match nothing
            raise ValueError(f"agents must be product tokens (letters, digits, '_', '-'): {bad[:3]!r}")
        return value
    #: unknown consent counts as reserved
    fail_closed: bool = False
    cache_dir: str | None = None
    cache_ttl: float = Field(24 * 3600.0, ge=0)
    #: HEAD every distinct URL for X-Robots-Tag / tdm-* headers (one request per image URL)
    check_headers: bool = True
    #: X-Robots-Tag noindex / noimageindex also count as a reservation
    noindex_reserves: bool = False
    #: distinct URLs evaluated at once (per-host limits still apply underneath)
    max_in_flight: int = Field(256, ge=1)
    net: NetOptions = Field(default_factory=NetOptions)


class ConsentCheck(Check):
    name = "consent"
    input_columns = ("url",)
    Options = ConsentOptions
    signals = {
        "consent_robots": TRI,
        "consent_tdmrep": TRI,
        "consent_xrobots": TRI,
        "consent_aitxt": TRI,
        "consent_aipref": TRI,
        "consent": TRI,
        "consent_reserved_by": TRI,
        "consent_evidence": pa.string(),
        "consent_fetched_at": pa.timestamp("us", tz="UTC"),
        "consent_fail_closed": pa.bool_(),
        "consent_status": pa.string(),
    }

    def __init__(self, options: ConsentOptions | dict | None = None, *, resolver=None) -> None:
        super().__init__(options)  # CheckOptions.from_values: the one validation
        self._resolver = resolver  # tests stub DNS; production uses getaddrinfo
        self._loop: LoopThread | None = None
        self._fetcher: SafeFetcher | None = None
        self._sites: ConsentFetcher | None = None
        self._cache: ConsentCache | None = None
        self._parsed: dict[tuple[str, str], Any] = {}
        self._agents: tuple[str, ...] = ()
        self._rows = 0
        self._seconds = 0.0
        self._net_stats: dict[str, Any] = {}

    # -- lifecycle ---------------------------------------------------------------------------------
    def open(self) -> None:
        if self._loop is not None:
            return
        o: ConsentOptions = self.options
        self._agents = with_own_token(o.agents or default_agents(), o.net.user_agent)
        self._loop = LoopThread("auditor-consent")
        self._fetcher = SafeFetcher(o.net, resolver=self._resolver)
        self._loop.run(self._fetcher.__aenter__())
        self._cache = ConsentCache(o.cache_dir, o.cache_ttl)
        self._sites = ConsentFetcher(self._fetcher, self._cache)

    def close(self) -> None:
        if self._loop is None:
            return
        self._net_stats = self._current_net_stats()  # describe() runs after close() in the engine
        if self._fetcher is not None:
            self._loop.run(self._fetcher.__aexit__(None, None, None))
        self._loop.close()
        if self._cache is not None:
            self._cache.close()  # its hit counts stay for describe()
        self._loop = self._fetcher = self._sites = None
        self._parsed.clear()

    # -- batch -------------------------------------------------------------------------------------
    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        self.open()
        assert self._loop is not None
        encoded = pc.dictionary_encode(as_plain_strings(column(batch, "url")))
        distinct = encoded.dictionary.to_pylist()
        started = time.perf_counter()
        rows = self._loop.run(self._evaluate_all(distinct))
        self._rows += batch.num_rows
        self._seconds += time.perf_counter() - started
        indices = encoded.indices
        cols: dict[str, pa.Array] = {}
        for name, get in _COLUMNS.items():
            values = pa.array([get(r) for r in rows], type=_plain(self.signals[name]))
            taken = values.take(indices)
            if name == "consent_status":
                taken = pc.fill_null(taken, "skipped:no_url")
            cols[name] = taken.dictionary_encode() if pa.types.is_dictionary(self.signals[name]) else taken
        return pa.RecordBatch.from_arrays([cols[n] for n in self.signals], schema=self.schema())

    async def _evaluate_all(self, urls: list[str]) -> list[decide.ConsentRow | str]:
        limit = asyncio.Semaphore(self.options.max_in_flight)

        async def one(url: str):
            async with limit:
                return await self._evaluate(url)

        return list(await asyncio.gather(*(one(u) for u in urls)))

    async def _evaluate(self, url: str) -> decide.ConsentRow | str:
        try:
            checked = check_url(url, max_length=self.options.net.max_url_length)
        except URLRejected as exc:
            return f"skipped:{exc.reason}"
        parts_url = urlsplit(checked.url)
        path = (parts_url.path or "/") + (f"?{parts_url.query}" if parts_url.query else "")
        origin = checked.origin
        assert self._sites is not None
        kinds = ("robots", "tdmrep", "aitxt")
        jobs = [self._sites.site_file(origin, k) for k in kinds]
        if self.options.check_headers:
            jobs.append(self._sites.url_headers(checked.url))
        records = await asyncio.gather(*jobs)
        robots_rec, tdm_rec, ai_rec = records[:3]
        head_rec = records[3] if self.options.check_headers else None
        agents = list(self._agents)
        header_map = head_rec["headers"] if head_rec and head_rec["http_status"] and \
            head_rec["http_status"] < 400 else None
        parts = {
            "robots": decide.robots_part(robots_rec, self._robots(origin, "robots", robots_rec), agents, path,
                                         what="robots.txt"),
            "tdmrep": decide.tdmrep_part(tdm_rec, self._tdm_rules(origin, tdm_rec), header_map, path),
            "xrobots": decide.xrobots_part(head_rec, agents, self.options.noindex_reserves),
            "aitxt": decide.robots_part(ai_rec, self._robots(origin, "aitxt", ai_rec), agents, path,
                                        what="ai.txt"),
            "aipref": decide.aipref_part(robots_rec, self._robots(origin, "robots", robots_rec), head_rec,
                                         agents, path),
        }
        looked = [p for p in parts.values() if p is not None]
        if all(p.problem and p.problem.startswith("skipped:") for p in looked):
            return looked[0].problem or "skipped:not_fetched"  # nothing was looked at: nulls, not unknown
        times = [r["fetched_at"] for r in records]
        return decide.combine(parts, times, self.options.fail_closed)

    def _robots(self, origin: str, kind: str, record: dict[str, Any]) -> RobotsTxt | None:
        if record.get("text") is None:
            return None
        key = (kind, origin)
        if key not in self._parsed:
            self._parsed[key] = _PARSERS[kind](record["text"])
        return self._parsed[key]

    def _tdm_rules(self, origin: str, record: dict[str, Any]):
        if record.get("text") is None:
            return None
        key = ("tdmrep", origin)
        if key not in self._parsed:
            try:
                self._parsed[key] = parse_file(record["text"].encode("utf-8"))
            except TdmFileError as exc:
                self._parsed[key] = str(exc)
        return self._parsed[key]

    #: caches (memory and disk) and circuit breakers are per process; timings too
    volatile_facts = ("items_per_s", "requests", "circuit_skips", "cache_hits", "cache_misses")

    def counters(self) -> Stats:
        return Stats({"rows": self._rows, "seconds": self._seconds,
                      **(self._current_net_stats() if self._fetcher is not None else self._net_stats)})

    def describe(self, stats: Stats | None = None) -> dict[str, Any]:
        o: ConsentOptions = self.options
        s = self.counters() if stats is None else stats
        out: dict[str, Any] = {
            "agents": list(self._agents or with_own_token(o.agents or default_agents(), o.net.user_agent)),
            "fail_closed": o.fail_closed,
            "user_agent": o.net.user_agent, "check_headers": o.check_headers,
            "sources": ["robots.txt (RFC 9309)", "TDMRep headers + /.well-known/tdmrep.json",
                        "X-Robots-Tag (noai, noimageai, noml)", "ai.txt (Spawning)",
                        "Content-Usage (draft-ietf-aipref-vocab-07, draft-ietf-aipref-attach-05)"],
            "cache_dir": o.cache_dir, "cache_ttl_s": o.cache_ttl,
            "rows": s.get("rows"),
            "items_per_s": round(s.get("rows") / s.get("seconds"), 1) if s.get("seconds") else None,
        }
        out.update({k: v for k, v in s.values.items() if k not in ("rows", "seconds")})
        return out

    def _current_net_stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = {}
        if self._fetcher is not None:
            stats["requests"] = sum(self._fetcher.requests.values())
            stats["circuit_skips"] = dict(self._fetcher.breaker.skips)
        if self._cache is not None:
            stats["cache_hits"], stats["cache_misses"] = self._cache.hits, self._cache.misses
        return stats


def _plain(t: pa.DataType) -> pa.DataType:
    return t.value_type if pa.types.is_dictionary(t) else t


def _field(name: str):
    return lambda r: getattr(r, name) if isinstance(r, decide.ConsentRow) else None


def _fetched(r) -> datetime | None:
    return r.fetched_at if isinstance(r, decide.ConsentRow) else None


_COLUMNS = {
    "consent_robots": _field("robots"),
    "consent_tdmrep": _field("tdmrep"),
    "consent_xrobots": _field("xrobots"),
    "consent_aitxt": _field("aitxt"),
    "consent_aipref": _field("aipref"),
    "consent": _field("consent"),
    "consent_reserved_by": _field("reserved_by"),
    "consent_evidence": _field("evidence"),
    "consent_fetched_at": _fetched,
    "consent_fail_closed": _field("fail_closed"),
    "consent_status": lambda r: r.status if isinstance(r, decide.ConsentRow) else r,
}
