"""Benchmark: peak RSS of `audit scan` at 1M and 5M rows (metadata: license + default policy) and at 10k
and 50k rows (PII on real LAION captions).

Issue #7 item 4. Each scan runs as its own child process and its peak RSS is that child's ru_maxrss
(os.wait4), so no other process's memory is mixed in. Metadata inputs come from datagen (unique URLs and
captions); PII inputs tile the real LAION-10k captions with a distinct suffix per copy, so no two rows are
equal (the PII stage may deduplicate). Prints one line per figure.

    python3 tests/bench/bench_rss.py                       # all four
    python3 tests/bench/bench_rss.py --meta-rows 1000000 --pii-rows 10000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datagen import generate  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
LAION = Path(os.environ.get("AUDITOR_SHARED_DIR", REPO.parent / "shared")) / "data" / "laion-10k.parquet"


def tiled_captions(out: Path, rows: int) -> Path:
    t = pq.read_table(LAION, columns=["URL", "TEXT"]).filter(pc.is_valid(pc.field("TEXT")))
    reps = -(-rows // t.num_rows)
    copy = pa.array(np.repeat(np.arange(reps), t.num_rows)[:rows].astype(str))
    base = pa.concat_tables([t] * reps).slice(0, rows)
    url = pc.binary_join_element_wise(base.column("URL"), "?copy=", copy, "")
    text = pc.binary_join_element_wise(base.column("TEXT"), " (copy ", copy, ")", "")
    pq.write_table(pa.table({"URL": url, "TEXT": text}), out)
    return out


def scan_rss(path: Path, checks: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        cmd = [sys.executable, "-m", "auditor", "scan", str(path), "--checks", checks, "--quiet", "--out", str(out)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        stderr = proc.stderr.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            return {"error": f"exit {code}: {stderr.strip().splitlines()[-1] if stderr.strip() else ''}"}
        summary = json.loads((out / "summary.json").read_text())
    return {"rss_mb": usage.ru_maxrss / 1024, "wall": wall, "rows": summary["rows"]["out"],
            "accounted": summary["rows"]["accounted"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--meta-rows", type=int, nargs="*", default=[1_000_000, 5_000_000])
    ap.add_argument("--pii-rows", type=int, nargs="*", default=[10_000, 50_000])
    ap.add_argument("--cache", type=Path, default=REPO / ".bench")
    args = ap.parse_args()
    args.cache.mkdir(exist_ok=True)
    for rows in args.meta_rows:
        path = args.cache / f"laion-{rows}.parquet"
        if not path.exists():
            generate(path, rows, laion_sample=LAION)
        r = scan_rss(path, "license")
        print(f"metadata rows={rows} " + (r["error"] if "error" in r else
              f"peak_rss_mb={r['rss_mb']:.0f} wall={r['wall']:.1f}s accounted={r['accounted']} (target < 1024)"))
    for rows in args.pii_rows:
        path = tiled_captions(args.cache / f"pii-{rows}.parquet", rows)
        r = scan_rss(path, "pii")
        print(f"pii rows={rows} " + (r["error"] if "error" in r else
              f"peak_rss_mb={r['rss_mb']:.0f} wall={r['wall']:.1f}s accounted={r['accounted']}"))


if __name__ == "__main__":
    main()
