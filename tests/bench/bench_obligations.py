"""Benchmark: the per-batch cost of counting license-term combinations for summary.json `obligations`.

Not a pytest test. Run:  PYTHONPATH=$PWD python3 tests/bench/bench_obligations.py [--rows 5000000]

Measures, in the same run, over 64k-row batches of LAION-like license signals (dictionary-encoded
family/id, tri-state facts with ~70% nulls):
- baseline: what RunCounts already did per batch for the license check, value_counts(license_family);
- terms_counts: the four facts + family + id joined into one key per row (Arrow kernels), then counted.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pyarrow as pa

from auditor.obligations import terms_counts
from auditor.sinks import value_counts

FAMILIES = ["unknown", "cc-by", "cc-by-sa", "cc-by-nc", "cc-by-nc-sa", "cc-by-nd", "public-domain"]
IDS = [None, "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC0-1.0"]
FACTS = {"cc-by": (1, 0, 1, 1), "cc-by-sa": (1, 1, 1, 1), "cc-by-nc": (1, 0, 0, 1), "cc-by-nc-sa": (1, 1, 0, 1),
         "cc-by-nd": (1, 0, 1, 0), "public-domain": (0, 0, 1, 1)}


def batch(n: int, rng: np.random.Generator) -> pa.RecordBatch:
    fam = rng.choice(len(FAMILIES), n, p=[0.7, 0.1, 0.05, 0.05, 0.03, 0.02, 0.05]).astype(np.int32)
    cols = {"license_family": pa.DictionaryArray.from_arrays(pa.array(fam), pa.array(FAMILIES)),
            "license_id": pa.DictionaryArray.from_arrays(pa.array(fam), pa.array(IDS))}
    for j, name in enumerate(("license_attribution", "license_share_alike", "license_commercial",
                              "license_derivatives")):
        table = np.array([FACTS.get(f, (0, 0, 0, 0))[j] for f in FAMILIES], dtype=bool)
        cols[name] = pa.array(table[fam], mask=fam == 0)
    return pa.RecordBatch.from_pydict(cols)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--batch", type=int, default=65536)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    batches = [batch(args.batch, rng) for _ in range(max(1, args.rows // args.batch))]
    rows = sum(b.num_rows for b in batches)
    t0 = time.perf_counter()
    for b in batches:
        value_counts(b.column("license_family"))
    base = time.perf_counter() - t0
    t0 = time.perf_counter()
    for b in batches:
        terms_counts(b)
    terms = time.perf_counter() - t0
    print(f"rows {rows}, batch {args.batch}")
    print(f"baseline value_counts(license_family): {base:.3f} s ({rows / base / 1e6:.1f} M rows/s)")
    print(f"terms_counts:                          {terms:.3f} s ({rows / terms / 1e6:.1f} M rows/s)")
    print(f"ratio terms_counts / baseline: {terms / base:.1f}x time")


if __name__ == "__main__":
    main()
