"""PII in captions: person names, contact data and IDs, with presidio at LAION scale.

Works on the DISTINCT captions of a batch (dictionary_encode), reuses answers across batches through a
bounded LRU cache, and spreads the rest over a pool of worker processes that each hold a slim presidio
analyzer (auditor.pii.engine). Detections that are caption noise are cut with a named reason
(auditor.pii.noise); minimum scores per entity come from the options (the policy decides which matter).
Null captions read `skipped:no_caption`, blank ones `skipped:empty_caption`; captions longer than
`max_chars` are scanned up to it and flagged `pii_truncated` (spaCy refuses 1,000,000+ characters).
"""

from __future__ import annotations

import os
import re
import time
from collections import OrderedDict
from importlib import metadata
from typing import Any, ClassVar

import pyarrow as pa
import pyarrow.compute as pc

from auditor.checks.base import STATUS_OK, Check, CheckOptions
from auditor.checks.pii_options import MODEL_LICENSES, PiiOptions
from auditor.pii import noise
from auditor.pii.engine import EngineConfig, Result, route
from auditor.sources.canonical import as_plain_strings, column
from auditor.stats import Stats

SPAN = pa.struct([("type", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                  ("score", pa.float32())])

#: pii_status `ok:names_from_lists_only:<lang>`: scanned, but no NER pipeline reads the caption's language
NAMES_FROM_LISTS_ONLY = "names_from_lists_only"


class PiiCheck(Check):
    name: ClassVar[str] = "pii"
    input_columns: ClassVar[tuple[str, ...]] = ("caption",)
    signals: ClassVar[dict[str, pa.DataType]] = {
        "pii_status": pa.string(),
        "pii_types": pa.list_(pa.string()),
        "pii_count": pa.int32(),
        "pii_max_score": pa.float32(),
        "pii_spans": pa.list_(SPAN),
        "pii_truncated": pa.bool_(),
        "pii_sensitive_context": pa.bool_(),
    }
    Options: ClassVar[type[CheckOptions]] = PiiOptions
    options: PiiOptions

    def __init__(self, options: PiiOptions | None = None) -> None:
        super().__init__(options)
        self._pool: Any = None
        self._cache: OrderedDict[str, Result] = OrderedDict()
        self._stats = {"rows": 0, "distinct": 0, "analyzed": 0, "cache_hits": 0, "seconds": 0.0}

    def engine_config(self) -> EngineConfig:
        o = self.options
        return EngineConfig(spacy_model=o.spacy_model, min_scores=tuple(sorted(o.entities.items())),
                            max_chars=o.max_chars, batch_size=o.batch_size, noise_cuts=o.noise_cuts,
                            prefilter=o.prefilter, refresh_after=o.refresh_after,
                            language_models=tuple(sorted(o.language_models.items())), name_lists=o.name_lists)

    def open(self) -> None:
        from auditor.pii.pool import AnalyzerPool  # noqa: PLC0415 - heavy imports happen in workers

        if self._pool is None:
            workers = self.options.workers or os.cpu_count() or 1
            self._pool = AnalyzerPool(self.engine_config(), workers)
            self._pool.start()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool = None

    def _lookup(self, texts: list[str]) -> list[Result]:
        """Answers for distinct texts: cache first, the pool for the rest, then remember them."""
        results: list[Result | None] = [self._cache.get(t) for t in texts]
        todo = [i for i, r in enumerate(results) if r is None]
        self._stats["cache_hits"] += len(texts) - len(todo)
        for i in range(len(texts)):
            if results[i] is not None:
                self._cache.move_to_end(texts[i])
        if todo:
            fresh = self._pool.analyze([texts[i] for i in todo])
            self._stats["analyzed"] += len(todo)
            for i, r in zip(todo, fresh, strict=True):
                results[i] = r
                if self.options.cache_size:
                    self._cache[texts[i]] = r
            while len(self._cache) > self.options.cache_size:
                self._cache.popitem(last=False)
        return results  # type: ignore[return-value]

    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        if self._pool is None:
            self.open()
        t0 = time.perf_counter()
        captions = as_plain_strings(column(batch, "caption"))
        encoded = pc.dictionary_encode(captions)
        distinct: list[str] = encoded.dictionary.to_pylist()
        limit = self.options.max_chars
        blank = [not d.strip() for d in distinct]
        truncated = [len(d) > limit for d in distinct]
        to_scan = [d[:limit] for d, b in zip(distinct, blank, strict=True) if not b]
        scanned = iter(self._lookup(to_scan))
        per_value = [((), (), "") if b else next(scanned) for b in blank]

        status, types, counts, maxes, spans = [], [], [], [], []
        config = self.engine_config()
        names_only = "PERSON" in self.options.entities
        for d, b, (kept, _cut, error) in zip(distinct, blank, per_value, strict=True):
            if b or error:
                status.append("skipped:empty_caption" if b else f"error:{error}")
                types.append(None), counts.append(None), maxes.append(None), spans.append(None)
                continue
            lang, model = route(config, d[:limit]) if names_only else ("", "")
            # a language without a NER pipeline: names come from the lists only, and the status says so
            status.append(STATUS_OK if model else f"{STATUS_OK}:{NAMES_FROM_LISTS_ONLY}:{lang}")
            types.append(sorted({k[0] for k in kept}))
            counts.append(len(kept))
            maxes.append(max((k[3] for k in kept), default=0.0))
            spans.append([{"type": k[0], "start": k[1], "end": k[2], "score": k[3]} for k in kept])
        ok = pa.array([s == STATUS_OK or s.startswith(f"{STATUS_OK}:") for s in status], pa.bool_())
        types_arr = pa.array(types, self.signals["pii_types"])
        has_person = pa.array([t is not None and "PERSON" in t for t in types], pa.bool_())
        words = pc.match_substring_regex(encoded.dictionary, _sensitive_pattern(), ignore_case=True)
        unknown = pa.nulls(len(distinct), pa.bool_())
        sensitive = pc.if_else(ok, pc.and_(has_person, words), unknown)
        columns = {
            "pii_status": pa.array(status, pa.string()),
            "pii_types": types_arr,
            "pii_count": pa.array(counts, pa.int32()),
            "pii_max_score": pa.array(maxes, pa.float32()),
            "pii_spans": pa.array(spans, self.signals["pii_spans"]),
            "pii_truncated": pc.if_else(ok, pa.array(truncated, pa.bool_()), unknown),
            "pii_sensitive_context": sensitive,
        }
        idx = encoded.indices
        out = {name: pc.take(arr, idx) for name, arr in columns.items()}
        out["pii_status"] = pc.fill_null(out["pii_status"], "skipped:no_caption")
        self._stats["rows"] += batch.num_rows
        self._stats["distinct"] += len(distinct)
        self._stats["seconds"] += time.perf_counter() - t0
        return pa.RecordBatch.from_arrays([out[n] for n in self.signals], schema=self.schema())

    #: the caption cache is per process: a resumed or Ray run analyzes more and hits the cache less
    volatile_facts = ("analyzed", "cache_hits", "captions_per_s")

    def counters(self) -> Stats:
        return Stats(self._stats)

    def describe(self, stats: Stats | None = None) -> dict[str, Any]:
        o = self.options
        s = (self.counters() if stats is None else stats).get
        return {
            "engine": "presidio-analyzer with a NER-only spaCy pipeline",
            "presidio_version": _version("presidio-analyzer"), "spacy_version": _version("spacy"),
            "spacy_model": o.spacy_model, "spacy_model_version": _version(o.spacy_model.replace("_", "-")),
            "model_license": MODEL_LICENSES.get(o.spacy_model),
            "entities_min_scores": dict(sorted(o.entities.items())),
            "noise_cuts": {e: [n for n, _ in cuts] for e, cuts in noise.CUTS.items()} if o.noise_cuts else {},
            "ner_prefilter": o.prefilter and o.noise_cuts,
            "max_chars": o.max_chars, "cache_size": o.cache_size, "workers": o.workers or os.cpu_count(),
            "language_models": dict(sorted(o.language_models.items())),
            "language_models_licenses": {m: MODEL_LICENSES.get(m) for m in sorted(set(o.language_models.values()))},
            "name_lists": o.name_lists,
            "language_limit": "captions are routed by language (auditor.pii.language); languages without a NER "
                              "pipeline get names from the lists only: pii_status ok:names_from_lists_only:<lang> "
                              "(per-language recall in tests/bench/RESULTS.md)",
            "rows": s("rows"), "distinct_captions": s("distinct"), "analyzed": s("analyzed"),
            "cache_hits": s("cache_hits"),
            "captions_per_s": round(s("rows") / s("seconds"), 1) if s("seconds") else None,
        }


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _sensitive_pattern() -> str:
    words = sorted(noise.sensitive_words(), key=len, reverse=True)
    return r"\b(?:" + "|".join(re.escape(w) for w in words) + r")s?\b"
