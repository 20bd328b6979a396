"""Wikimedia Commons check: license, author and restrictions of Commons files from the MediaWiki API.

Rows whose URL is not a Commons file get null signals and a null status (not applicable - this check
says nothing about them). Commons URLs are found with one vectorized regex over the DISTINCT URLs;
titles are asked 50 at a time, sequentially, and remembered (in memory and in the optional disk cache).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from auditor.checks.base import Check, CheckOptions
from auditor.commons import api
from auditor.commons.titles import URL_REGEX, title_from_url
from auditor.consent.cache import ConsentCache
from auditor.net import LoopThread, NetOptions, SafeFetcher
from auditor.sources.canonical import as_plain_strings, column
from auditor.stats import Stats

DICT = pa.dictionary(pa.int32(), pa.string())

#: signal -> how it is read from a FileInfo
_FIELD_SIGNALS = {
    "commons_license": "LicenseShortName",
    "commons_license_url": "LicenseUrl",
    "commons_usage_terms": "UsageTerms",
    "commons_artist": "Artist",
    "commons_credit": "Credit",
    "commons_restrictions": "Restrictions",
}


def _field(name: str):
    return lambda info, title: info.fields.get(name) if info else None


#: signal -> value for one distinct URL, from its FileInfo (None: not a Commons file) and title
_EXTRACT = {
    "commons_title": lambda info, title: title,
    "commons_status": lambda info, title: info.status if info else None,
    "personality_rights": lambda info, title: _personality(info) if info else None,
    "commons_attribution_required": lambda info, title: _bool(info.fields.get("AttributionRequired"))
    if info else None,
    **{signal: _field(field) for signal, field in _FIELD_SIGNALS.items()},
}


class CommonsOptions(CheckOptions):
    label = "commons"
    flags = {"api_url": "--commons-api", "cache_dir": "--cache-dir", "net.user_agent": "--user-agent-contact",
             "net.allow_private_network": "--allow-private-network"}
    api_url: str = api.DEFAULT_API
    cache_dir: str | None = None
    cache_ttl: float = Field(7 * 24 * 3600.0, ge=0)
    net: NetOptions = Field(default_factory=lambda: NetOptions(per_host_concurrency=1))


def _bool(value: str | None) -> bool | None:
    if value is None:
        return None
    low = value.strip().lower()
    return True if low in ("true", "1", "yes") else False if low in ("false", "0", "no") else None


def _personality(info: api.FileInfo) -> bool | None:
    if info.status != "ok":
        return None
    raw = (info.fields.get("Restrictions") or "").lower()
    return any(part.strip().startswith("personality") for part in raw.replace(",", "|").split("|"))


class CommonsCheck(Check):
    name = "commons"
    input_columns = ("url",)
    Options = CommonsOptions
    signals = {
        "commons_title": pa.string(),
        "commons_license": DICT,
        "commons_license_url": DICT,
        "commons_usage_terms": DICT,
        "commons_attribution_required": pa.bool_(),
        "commons_artist": pa.string(),
        "commons_credit": pa.string(),
        "commons_restrictions": DICT,
        "personality_rights": pa.bool_(),
        "commons_status": pa.string(),
    }

    def __init__(self, options: CommonsOptions | dict | None = None, *, resolver=None) -> None:
        super().__init__(options)  # CheckOptions.from_values: the one validation
        self._resolver = resolver
        self._loop: LoopThread | None = None
        self._fetcher: SafeFetcher | None = None
        self._cache: ConsentCache | None = None
        self._known: dict[str, api.FileInfo] = {}
        self.requests = 0

    def open(self) -> None:
        if self._loop is not None:
            return
        self._loop = LoopThread("auditor-commons")
        self._fetcher = SafeFetcher(self.options.net, resolver=self._resolver)
        self._loop.run(self._fetcher.__aenter__())
        self._cache = ConsentCache(self.options.cache_dir, self.options.cache_ttl)

    def close(self) -> None:
        if self._loop is None:
            return
        if self._fetcher is not None:
            self._loop.run(self._fetcher.__aexit__(None, None, None))
        self._loop.close()
        if self._cache is not None:
            self._cache.close()  # its hit counts stay for describe()
        self._loop = self._fetcher = None

    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        encoded = pc.dictionary_encode(as_plain_strings(column(batch, "url")))
        dictionary = encoded.dictionary
        candidate = pc.fill_null(pc.match_substring_regex(dictionary, URL_REGEX), False)
        titles: list[str | None] = [None] * len(dictionary)
        for i in pc.indices_nonzero(candidate).to_pylist():
            titles[i] = title_from_url(dictionary[i].as_py())
        wanted = sorted({t for t in titles if t is not None})
        infos = self._infos(wanted) if wanted else {}
        per_distinct = [infos.get(t) if t is not None else None for t in titles]
        cols = {name: self._column(name, per_distinct, titles).take(encoded.indices)
                for name in self.signals}
        for name, typ in self.signals.items():
            if pa.types.is_dictionary(typ):
                cols[name] = cols[name].dictionary_encode()
        return pa.RecordBatch.from_arrays([cols[n] for n in self.signals], schema=self.schema())

    def _column(self, name: str, infos: list[api.FileInfo | None], titles: list[str | None]) -> pa.Array:
        typ = self.signals[name]
        plain = typ.value_type if pa.types.is_dictionary(typ) else typ
        get = _EXTRACT[name]
        return pa.array([get(info, title) for info, title in zip(infos, titles, strict=True)], type=plain)

    def _infos(self, titles: list[str]) -> dict[str, api.FileInfo]:
        self.open()
        assert self._loop is not None and self._cache is not None
        missing = []
        for t in titles:
            if t in self._known:
                continue
            cached = self._cache.get("commons", f"{self.options.api_url}\n{t}")
            if cached is not None:
                self._known[t] = api.FileInfo(t, cached["status"], cached["fields"])
            else:
                missing.append(t)
        if missing:
            fetched = self._loop.run(api.fetch_infos(self._fetcher, self.options.api_url, missing,
                                                     self.options.net.retry_after_cap))
            self.requests += (len(missing) + api.BATCH - 1) // api.BATCH
            for t, info in fetched.items():
                self._known[t] = info
                if info.status == "ok" or info.status == "skipped:commons_missing":
                    self._cache.put("commons", f"{self.options.api_url}\n{t}",
                                    {"status": info.status, "fields": info.fields})
        return {t: self._known[t] for t in titles}

    #: answers are cached per process and on disk: a resumed or Ray run may ask more often
    volatile_facts = ("api_requests",)

    def counters(self) -> Stats:
        return Stats({"api_requests": self.requests})

    def describe(self, stats: Stats | None = None) -> dict[str, Any]:
        s = self.counters() if stats is None else stats
        return {"api_url": self.options.api_url, "fields": list(api.FIELDS), "batch": api.BATCH,
                "maxlag": 5, "user_agent": self.options.net.user_agent, "api_requests": s.get("api_requests")}


def apply_commons_license(license_signals: pa.RecordBatch, commons_signals: pa.RecordBatch,
                          commons_as_license: pa.RecordBatch) -> pa.RecordBatch:
    """License signals where rows with a Commons license take it instead of the dataset column's.

    `commons_as_license` is the license check run on the commons_license column (same normalizer, so
    `CC BY-SA 4.0` from Commons gets the same id and facts as from a dataset). For those rows
    `license_evidence` becomes `commons=<LicenseShortName>`.
    """
    commons = commons_signals.column(commons_signals.schema.get_field_index("commons_license"))
    commons = as_plain_strings(commons)
    has = pc.is_valid(commons)
    if not pc.any(has).as_py():
        return license_signals
    arrays = []
    for field in license_signals.schema:
        ours = license_signals.column(field.name)
        theirs = commons_as_license.column(field.name)
        if field.name == "license_evidence":
            theirs = pc.binary_join_element_wise(pa.scalar("commons="), commons, "")
        if pa.types.is_dictionary(field.type):
            merged = pc.if_else(has, as_plain_strings(theirs), as_plain_strings(ours)).dictionary_encode()
            merged = merged.cast(field.type)
        else:
            merged = pc.if_else(has, theirs, ours)
        arrays.append(merged)
    return pa.RecordBatch.from_arrays(arrays, schema=license_signals.schema)
