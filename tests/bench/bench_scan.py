"""Benchmark: `audit scan` (license check + default policy) vs raw pyarrow reading of the same columns.

Issue #2 target: the scan runs at >= 50% of raw read throughput on a 5M-row LAION-style file, and peak
RSS stays under 1 GB and within 20% between 1M and 5M rows. Both measurements run in this one script on
the same files: raw read in-process, each scan as a subprocess of the installed `audit` command (so its
peak RSS is its own). Prints one line per figure.

    python3 tests/bench/bench_scan.py            # 1M and 5M rows (files cached under .bench/)
    python3 tests/bench/bench_scan.py --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datagen import generate  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
LAION = REPO.parent / "shared" / "data" / "laion-10k.parquet"
COLUMNS = ["URL", "TEXT", "LICENSE"]


def raw_read_seconds(path: Path, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        pf = pq.ParquetFile(path)
        rows = 0
        for batch in pf.iter_batches(batch_size=65536, columns=COLUMNS, use_threads=True):
            rows += batch.num_rows
        best = min(best, time.perf_counter() - t0)
    return best


def scan(path: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        t0 = time.perf_counter()
        proc = subprocess.run(["audit", "scan", str(path), "--checks", "license", "--quiet", "--out", str(out)],
                              capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr}")
        summary = json.loads((out / "summary.json").read_text())
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"wall": wall, "elapsed": summary["elapsed_s"], "rows": summary["rows"]["out"], "rss_mb": rss_mb,
            "accounted": summary["rows"]["accounted"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 5_000_000])
    ap.add_argument("--cache", type=Path, default=REPO / ".bench")
    args = ap.parse_args()
    args.cache.mkdir(exist_ok=True)
    rss = {}
    for rows in args.rows:
        path = args.cache / f"laion-{rows}.parquet"
        if not path.exists():
            generate(path, rows, laion_sample=LAION)
        raw = raw_read_seconds(path)
        # a fresh child per size: ru_maxrss of RUSAGE_CHILDREN is the max over children, so measure
        # each size in its own python process
        result = json.loads(subprocess.run([sys.executable, __file__, "--_one", str(path)],
                                           capture_output=True, text=True, check=True).stdout)
        ratio = (rows / result["elapsed"]) / (rows / raw)
        print(f"rows={rows} raw_read={raw:.2f}s ({rows / raw:,.0f} rows/s)")
        print(f"rows={rows} scan_elapsed={result['elapsed']:.2f}s ({rows / result['elapsed']:,.0f} rows/s) "
              f"wall_incl_startup={result['wall']:.2f}s accounted={result['accounted']}")
        print(f"rows={rows} ratio_scan_vs_raw={ratio:.2f} (target >= 0.50)")
        print(f"rows={rows} peak_rss_mb={result['rss_mb']:.0f} (target < 1024)")
        rss[rows] = result["rss_mb"]
    if len(rss) >= 2:
        lo, hi = min(rss), max(rss)
        print(f"rss_growth_{lo}_to_{hi}={100 * (rss[hi] / rss[lo] - 1):.1f}% (target <= 20%)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_one":
        os.environ.setdefault("PYTHONUNBUFFERED", "1")
        print(json.dumps(scan(Path(sys.argv[2]))))
    else:
        main()
