"""Benchmark: local engine vs Ray engine on the same input - wall time ratio and equality of outputs.

Issue #7 item 5. Both engines scan the same generated LAION-style parquet (several row groups, so
several units) with the license check and the default policy, each in its own child process (Ray's
start-up is part of what a user waits for, so wall time includes it; the scan's own elapsed_s is printed
too). Equality: signals, findings and examples parquet read back must be equal tables (values; see
compare.py for why dictionaries are decoded first).

    python3 tests/bench/bench_engines.py --rows 200000 --workers 2
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import read_decoded  # noqa: E402
from datagen import generate  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def run(engine: str, data: Path, out: Path, workers: int, checks: str) -> tuple[float, float]:
    cmd = [sys.executable, "-m", "auditor", "scan", str(data), "--checks", checks, "--quiet", "--out", str(out),
           "--engine", engine, "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{engine} scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, json.loads((out / "summary.json").read_text())["elapsed_s"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--row-group", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--checks", default="license")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = generate(Path(tmp) / "data.parquet", args.rows, chunk=args.row_group)
        results = {e: run(e, data, Path(tmp) / e, args.workers, args.checks) for e in ("local", "ray")}
        equal = {name: read_decoded(Path(tmp) / "local" / f"{name}.parquet").equals(
            read_decoded(Path(tmp) / "ray" / f"{name}.parquet")) for name in ("signals", "findings", "examples")}
    (lw, le), (rw, re_) = results["local"], results["ray"]
    print(f"rows={args.rows} local wall={lw:.2f}s elapsed={le:.2f}s ({args.rows / le:,.0f} rows/s)")
    print(f"rows={args.rows} ray   wall={rw:.2f}s elapsed={re_:.2f}s ({args.rows / re_:,.0f} rows/s)")
    print(f"rows={args.rows} ratio_ray_vs_local_wall={rw / lw:.2f} ratio_elapsed={re_ / le:.2f}")
    print(f"rows={args.rows} outputs_equal={all(equal.values())} {equal}")


if __name__ == "__main__":
    main()
