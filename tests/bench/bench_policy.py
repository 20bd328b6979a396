"""Benchmark: policy evaluation + findings building over 5M rows of LAION-like signals.

Not a pytest test. Run:  PYTHONPATH=$PWD python3 tests/bench/bench_policy.py [--rows 5000000]

Measures, in the same run:
- baseline: the least any engine must do for one rule - a dictionary-aware `is_in` over license_family
  plus a gather of the matching keys (raw pyarrow, no evidence, no counts);
- one rule matching ~70% of rows (license unknown), with evidence JSON and counts;
- the full rules/default.yaml pack (9 rules + a threshold).
Signals are generated the way checks produce them: dictionary-encoded license/host columns, unique
string keys, float safety scores with nulls.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor.policy import load_policies

REPO = Path(__file__).resolve().parents[2]
DICT = pa.dictionary(pa.int32(), pa.string())
SIGNALS = {
    "license_id": DICT, "license_family": DICT, "license_commercial": pa.bool_(),
    "license_derivatives": pa.bool_(), "license_share_alike": pa.bool_(), "license_attribution": pa.bool_(),
    "license_evidence": DICT, "url_host": DICT, "copyright_risk_host": pa.bool_(),
    "commons_candidate": pa.bool_(), "data_nsfw": DICT, "data_punsafe": pa.float64(),
    "data_pwatermark": pa.float64(), "data_watermark_score": pa.float64(), "data_nsfw_score": pa.float64(),
    "data_num_faces": pa.int64(),
}
FAMILIES = ["unknown", "cc-by", "cc-by-sa", "cc-by-nc", "cc-by-nc-nd", "public-domain", "all-rights-reserved"]
FAMILY_P = [0.70, 0.08, 0.06, 0.06, 0.03, 0.05, 0.02]


def _dict(rng: np.random.Generator, values: list[str], p: list[float] | None, n: int) -> pa.Array:
    idx = rng.choice(len(values), size=n, p=p).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(values))


def make_batch(n: int, start: int, rng: np.random.Generator) -> pa.RecordBatch:
    keys = pc.binary_join_element_wise("laion-part-00000.parquet#", pc.cast(pa.array(
        np.arange(start, start + n)), pa.string()), "")
    fam = _dict(rng, FAMILIES, FAMILY_P, n)
    known = pc.not_equal(fam, "unknown")
    tri = pa.array(rng.random(n) < 0.5)
    hosts = [f"img{i}.example{i % 97}.com" for i in range(2000)] + ["media.gettyimages.com"]
    punsafe = rng.random(n)
    cols = {
        "key": keys,
        "license_family": fam,
        "license_id": _dict(rng, ["CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0"], None, n),
        "license_commercial": pc.if_else(known, tri, pa.scalar(None, pa.bool_())),
        "license_derivatives": pc.if_else(known, tri, pa.scalar(None, pa.bool_())),
        "license_share_alike": pc.if_else(known, tri, pa.scalar(None, pa.bool_())),
        "license_attribution": pc.if_else(known, tri, pa.scalar(None, pa.bool_())),
        "license_evidence": _dict(rng, ["LICENSE='?'", "LICENSE='cc-by'", 'LICENSE="© Getty"'], None, n),
        "url_host": _dict(rng, hosts, None, n),
        "copyright_risk_host": pa.array(rng.random(n) < 0.01),
        "commons_candidate": pa.array(rng.random(n) < 0.01),
        "data_nsfw": _dict(rng, ["UNLIKELY", "UNSURE", "NSFW"], [0.9, 0.07, 0.03], n),
        "data_punsafe": pa.array(np.where(punsafe < 0.05, np.nan, punsafe ** 4)),
        "data_pwatermark": pa.array(rng.random(n) ** 3),
        "data_watermark_score": pa.nulls(n, pa.float64()),
        "data_nsfw_score": pa.nulls(n, pa.float64()),
        "data_num_faces": pa.nulls(n, pa.int64()),
    }
    return pa.RecordBatch.from_pydict(cols)


def baseline(batches: list[pa.RecordBatch]) -> int:
    hits = 0
    for b in batches:
        fam = b.column("license_family")
        m = pc.is_in(fam.dictionary, value_set=pa.array(["unknown", "other"])).take(fam.indices)
        hits += len(b.column("key").filter(m))
    return hits


def timed(label: str, fn, rows: int, base_rate: float | None = None) -> float:
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    rate = rows / elapsed
    ratio = f"  ratio vs baseline {rate / base_rate:.2f}" if base_rate else ""
    print(f"{label:<44} {elapsed:6.2f} s  {rate / 1e6:6.2f} M rows/s  findings {result:,}{ratio}")
    return rate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--batch", type=int, default=1_000_000)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    batches = [make_batch(min(args.batch, args.rows - s), s, rng) for s in range(0, args.rows, args.batch)]
    rows = sum(b.num_rows for b in batches)
    print(f"{rows:,} rows in {len(batches)} batches of {args.batch:,}")

    one = REPO / ".bench" / "one_rule.yaml"
    one.parent.mkdir(exist_ok=True)
    one.write_text("schema_version: 1\nname: one\nrules:\n  - id: UNKNOWN\n    title: unknown\n"
                   "    category: copyright\n    severity: medium\n"
                   "    when: \"license_family is null or license_family in ['unknown', 'other']\"\n"
                   "    evidence: [license_family, license_id, license_evidence]\n"
                   "    message: m\n    how_to_fix: f\n")
    single = load_policies([one], SIGNALS)
    default = load_policies([REPO / "rules" / "default.yaml"], SIGNALS)

    def run(policy):
        return lambda: sum(policy.evaluate_batch(b).findings.num_rows for b in batches)

    base = timed("baseline: is_in on dictionary + take keys", lambda: baseline(batches), rows)
    timed("policy: 1 rule (~70% match) + evidence", run(single), rows, base)
    timed("policy: rules/default.yaml (9 rules)", run(default), rows, base)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
