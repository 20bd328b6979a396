"""Sampled scans: which rows are checked, and how sure the resulting shares are.

A row is in the sample when a hash of its key and the seed falls under the file's sampling rate, so the
choice is deterministic (same key + seed -> same decision, on any machine, in any batch split) and
needs no pass over the data. `--sample N` turns N into a rate with the row counts parquet footers give
before reading (about N rows are chosen: Bernoulli sampling, not exactly N). `--stratify file` gives
every file the same expected number of rows instead of the same rate, so small shards are not missed.

Rows outside the sample are still written to signals.parquet (nothing lost) with the status
`skipped:not_sampled` and null signals; no check and no rule ever sees them, so they are neither
findings nor passes. Shares measured on the sample come with a 95% Wilson score interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor.errors import ConfigError

NOT_SAMPLED = "skipped:not_sampled"
_HASHED_BYTES = 128  # keys differ at their end ("file#123"): hash the last 128 bytes and the length
_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def parse_sample(value: str | None) -> tuple[str, float] | None:
    """`--sample`: an integer N (rows) or a fraction in (0, 1]."""
    if value is None:
        return None
    text = value.strip()
    try:
        if text.isdigit():
            n = int(text)
            if n < 1:
                raise ValueError
            return ("count", float(n))
        frac = float(text)
    except ValueError:
        raise ConfigError(f"--sample must be a row count (e.g. 1000) or a fraction (e.g. 0.01), not {value!r}",
                          column="--sample") from None
    if not (0.0 < frac <= 1.0) or math.isnan(frac):
        raise ConfigError(f"--sample fraction must be in (0, 1], not {value!r}", column="--sample")
    return ("fraction", frac)


def _splitmix(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        x = (x + np.uint64(0x9E3779B97F4A7C15)) & _M64
        x = ((x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & _M64
        x = ((x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & _M64
        return x ^ (x >> np.uint64(31))


def key_uniform(keys: pa.Array, seed: int) -> np.ndarray:
    """A uniform number in [0, 1) per key, from FNV-1a over the key's bytes mixed with the seed.

    Vectorized over rows: one numpy step per byte position (at most _HASHED_BYTES), not per row.
    """
    if isinstance(keys, pa.ChunkedArray):
        keys = keys.combine_chunks()
    if pa.types.is_dictionary(keys.type):
        keys = keys.dictionary_decode()
    keys = pc.fill_null(keys.cast(pa.large_string()), "")
    n = len(keys)
    offsets = np.frombuffer(keys.buffers()[1], dtype=np.int64, count=n + 1, offset=keys.offset * 8)
    data = np.frombuffer(keys.buffers()[2], dtype=np.uint8) if keys.buffers()[2] is not None else np.zeros(1, np.uint8)
    ends = offsets[1:]
    lengths = ends - offsets[:-1]
    starts = np.maximum(offsets[:-1], ends - _HASHED_BYTES)
    h = np.full(n, 0xCBF29CE484222325, dtype=np.uint64) ^ _splitmix(np.full(n, seed, dtype=np.uint64))
    prime = np.uint64(0x100000001B3)
    with np.errstate(over="ignore"):
        for j in range(int((ends - starts).max(initial=0))):
            pos = starts + j
            live = pos < ends
            byte = data[np.where(live, pos, 0)].astype(np.uint64)
            h = np.where(live, (h ^ byte) * prime, h)
        h = _splitmix(h ^ lengths.astype(np.uint64))
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)


@dataclass
class Sampler:
    """Deterministic per-row sample decision; `rates` maps a source file name to its sampling rate."""

    rates: dict[str, float]
    seed: int
    mode: str
    value: float
    stratify: str | None = None

    @classmethod
    def build(cls, spec: tuple[str, float], seed: int, stratify: str | None,
              rows_per_file: dict[str, int | None]) -> Sampler:
        mode, value = spec
        if stratify not in (None, "file"):
            raise ConfigError(f"--stratify must be 'file', not {stratify!r}", column="--stratify")
        if mode == "fraction":
            return cls({name: value for name in rows_per_file}, seed, mode, value, stratify)
        unknown = [name for name, rows in rows_per_file.items() if rows is None]
        if unknown:
            raise ConfigError(f"--sample N needs row counts known before reading; {unknown[0]} has none "
                              "(CSV/JSONL): use a fraction such as --sample 0.01", column="--sample")
        counts = {name: int(rows or 0) for name, rows in rows_per_file.items()}
        total = sum(counts.values())
        if stratify == "file":
            per_file = value / max(1, len(counts))
            rates = {name: min(1.0, per_file / rows) if rows else 1.0 for name, rows in counts.items()}
        else:
            rates = {name: min(1.0, value / total) if total else 1.0 for name in counts}
        return cls(rates, seed, mode, value, stratify)

    def mask(self, batch: pa.RecordBatch) -> np.ndarray:
        """True for rows in the sample."""
        u = key_uniform(batch.column("key"), self.seed)
        source = batch.column("source_file")
        if pa.types.is_dictionary(source.type):
            table = np.array([self.rates.get(name, 1.0) for name in source.dictionary.to_pylist()] or [1.0])
            rate = table[source.indices.fill_null(0).to_numpy(zero_copy_only=False)]
        else:
            rate = np.full(len(u), next(iter(self.rates.values()), 1.0))
        return u < rate

    def describe(self) -> dict:
        return {"mode": self.mode, "value": self.value, "seed": self.seed, "stratify": self.stratify,
                "rates": {k: round(v, 8) for k, v in sorted(self.rates.items())},
                "method": "Bernoulli per row: hash(key, seed) < rate; rows not sampled have status "
                          f"{NOT_SAMPLED} and are neither findings nor passes"}


def process_sampled(process, batch: pa.RecordBatch, keep: np.ndarray, schema: pa.Schema) -> pa.RecordBatch:
    """Run `process` on the sampled rows only and spread its output back over the whole batch.

    Identity columns come from the batch; rows outside the sample get status NOT_SAMPLED and nulls.
    """
    n = batch.num_rows
    sub = process(batch.filter(pa.array(keep))) if keep.any() else None
    positions = np.cumsum(keep) - 1
    take = pa.array(positions, mask=~keep)
    columns = []
    for i, field in enumerate(schema):
        if field.name in ("key", "source_file", "row_index"):
            columns.append(batch.column(field.name))
        elif field.name == "status":
            base = sub.column(i).take(take) if sub is not None else pa.nulls(n, pa.string())
            columns.append(pc.if_else(pa.array(keep), base, NOT_SAMPLED))
        else:
            columns.append(sub.column(i).take(take) if sub is not None else pa.nulls(n, field.type))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def sampled_only(signals: pa.RecordBatch) -> pa.RecordBatch:
    """The rows a policy may look at: everything but NOT_SAMPLED rows."""
    keep = pc.not_equal(signals.column("status"), NOT_SAMPLED)
    return signals if keep.true_count == signals.num_rows else signals.filter(keep)


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """95% Wilson score interval for k successes out of n (good near 0 and 1, unlike the normal one)."""
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def estimates(per_category: dict[str, int], sampled_rows: int) -> dict[str, dict]:
    """Each category's estimated share of the whole dataset with its 95% Wilson interval."""
    out = {}
    for cat, k in sorted(per_category.items()):
        low, high = wilson(int(k), sampled_rows)
        out[cat] = {"rows_in_sample": int(k), "share": round(k / sampled_rows, 6) if sampled_rows else None,
                    "ci95": [round(low, 6), round(high, 6)]}
    return out
