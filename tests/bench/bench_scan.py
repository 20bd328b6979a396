"""Benchmark: `audit scan --checks license` (default policy, all outputs) vs a raw pyarrow read of the same columns
and vs a hand-rolled DuckDB job doing the same work (tests/bench/duckdb_job.py), in one invocation (issue #23).

Every figure is a whole process (the scan and the DuckDB job each run as a child of a fresh measuring process, so
wall, CPU-seconds and peak RSS are their own), with start-up subtracted by the same run on a 200-row file. The raw
read runs in-process, best of 3. Targets: scan >= 0.35x the raw read's throughput (stretch 0.5x), >= 1.5x the DuckDB
job's, peak RSS < 1 GB and within 20% from 1M to 5M rows.

The output floor is what no implementation of these outputs can avoid: the scan's own signals.parquet,
findings.parquet and findings.csv written again from memory with the scan's writer settings (in-process, best of 2,
no reading, no checks, no policy). Its throughput against the raw read says how far the targets can be reached
while every output keeps its meaning.

    python3 tests/bench/bench_scan.py                  # 1M and 5M rows (files cached under .bench/)
    python3 tests/bench/bench_scan.py --rows 1000000 --profile   # + CPU-seconds per stage (yappi)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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
STARTUP_ROWS = 200


def cpu_now(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def raw_read(path: Path, repeats: int = 3) -> tuple[float, float]:
    """(best wall s, its CPU-s) of reading URL/TEXT/LICENSE with pyarrow's threads."""
    best = (float("inf"), 0.0)
    for _ in range(repeats):
        c0, t0 = cpu_now(resource.RUSAGE_SELF), time.perf_counter()
        for _batch in pq.ParquetFile(path).iter_batches(batch_size=65536, columns=COLUMNS, use_threads=True):
            pass
        wall = time.perf_counter() - t0
        if wall < best[0]:
            best = (wall, cpu_now(resource.RUSAGE_SELF) - c0)
    return best


def output_floor(run: Path, repeats: int = 2, csv: bool = True) -> tuple[float, float]:
    """(best wall s, its CPU-s) of writing `run`'s signals.parquet, findings.parquet and (`csv`) findings.csv from
    memory. Without the CSV it is the floor of the parquet outputs alone: what remains if findings.csv were dropped."""
    from auditor.report.findings_csv import write_findings_csv
    from auditor.sinks import AtomicParquetWriter

    tables = {name: pq.read_table(run / f"{name}.parquet") for name in ("signals", "findings")}
    best = (float("inf"), 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            out = Path(tmp) / "floor"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            c0, t0 = cpu_now(resource.RUSAGE_SELF), time.perf_counter()
            for name, table in tables.items():
                writer = AtomicParquetWriter(out / f"{name}.parquet", table.schema)
                for batch in table.to_batches(max_chunksize=65536):
                    writer.write(batch)
                writer.close()
            if csv:
                write_findings_csv(out / "findings.parquet", out / "findings.csv")
            wall = time.perf_counter() - t0
            if wall < best[0]:
                best = (wall, cpu_now(resource.RUSAGE_SELF) - c0)
    return best


def child(kind: str, path: Path, keep: Path | None = None) -> dict:
    """Run one whole process (`kind` = scan | duckdb) on `path`; wall, CPU-s and peak RSS of that process.
    `keep`: the scan's run directory is written there (for the output floor) instead of a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        out = keep if keep is not None else Path(tmp) / "run"
        cmd = (["audit", "scan", str(path), "--checks", "license", "--quiet", "--out", str(out)] if kind == "scan"
               else [sys.executable, str(Path(__file__).parent / "duckdb_job.py"), str(path), str(out)])
        c0, t0 = cpu_now(resource.RUSAGE_CHILDREN), time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall, cpu = time.perf_counter() - t0, cpu_now(resource.RUSAGE_CHILDREN) - c0
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{kind} failed ({proc.returncode}): {proc.stderr[-2000:]}")
        accounted = json.loads((out / "summary.json").read_text())["rows"]["accounted"] if kind == "scan" else None
    return {"wall": wall, "cpu": cpu, "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "accounted": accounted}


def measure(kind: str, path: Path, keep: Path | None = None) -> dict:
    """`child` in a fresh measuring process, so ru_maxrss (a max over all children ever) is this run's alone."""
    extra = [str(keep)] if keep is not None else []
    out = subprocess.run([sys.executable, __file__, "--_one", kind, str(path), *extra], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return json.loads(out.stdout)


def data_file(cache: Path, rows: int) -> Path:
    path = cache / f"laion-{rows}.parquet"
    if not path.exists():
        generate(path, rows, laion_sample=LAION)
    return path


def profile(path: Path, small: Path, rows: int) -> None:
    """Per-stage CPU of one scan, in-process; a first unprofiled scan of the small file pays the imports and
    one-time set-up, so the profiled scan shows the per-row work only."""
    import contextlib
    import io

    from profile_scan import print_profile, profile_scan

    with contextlib.redirect_stdout(io.StringIO()):
        profile_scan(small)
        result = profile_scan(path)
    print_profile(*result, rows=rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 5_000_000])
    ap.add_argument("--cache", type=Path, default=REPO / ".bench")
    ap.add_argument("--profile", action="store_true", help="also print CPU-seconds per stage (start-up subtracted)")
    args = ap.parse_args()
    args.cache.mkdir(exist_ok=True)
    small = data_file(args.cache, STARTUP_ROWS)
    start = {kind: measure(kind, small) for kind in ("scan", "duckdb")}
    for kind, s in start.items():
        print(f"startup {kind}: wall={s['wall']:.2f}s cpu={s['cpu']:.2f}s ({STARTUP_ROWS} rows, subtracted below)")
    rss = {}
    for rows in args.rows:
        path = data_file(args.cache, rows)
        raw_wall, raw_cpu = raw_read(path)
        print(f"rows={rows} raw_read wall={raw_wall:.2f}s cpu={raw_cpu:.2f}s ({rows / raw_wall:,.0f} rows/s)")
        result = {}
        keep = args.cache / f"run-{rows}"
        for kind in ("scan", "duckdb"):
            if kind == "scan":
                shutil.rmtree(keep, ignore_errors=True)
            r = measure(kind, path, keep if kind == "scan" else None)
            wall, cpu = r["wall"] - start[kind]["wall"], r["cpu"] - start[kind]["cpu"]
            if wall <= 0:
                raise SystemExit(f"{kind}: start-up ({start[kind]['wall']:.1f}s) took longer than the {rows}-row run "
                                 f"({r['wall']:.1f}s): the machine is too loaded to measure; use more rows")
            result[kind] = wall
            print(f"rows={rows} {kind} wall={r['wall']:.2f}s cpu={r['cpu']:.2f}s peak_rss_mb={r['rss_mb']:.0f} "
                  f"| start-up subtracted: wall={wall:.2f}s cpu={cpu:.2f}s ({rows / wall:,.0f} rows/s)"
                  + (f" accounted={r['accounted']}" if kind == "scan" else ""))
            if kind == "scan":
                rss[rows] = r["rss_mb"]
        print(f"rows={rows} ratio scan/raw_read={raw_wall / result['scan']:.2f} (target >= 0.35, stretch 0.5)")
        print(f"rows={rows} ratio scan/duckdb={result['duckdb'] / result['scan']:.2f} (target >= 1.5)")
        floor_wall, floor_cpu = output_floor(keep)
        print(f"rows={rows} output floor (signals, findings parquet + csv from memory) wall={floor_wall:.2f}s "
              f"cpu={floor_cpu:.2f}s | ceiling ratios: floor/raw_read={raw_wall / floor_wall:.2f}, "
              f"duckdb/floor={result['duckdb'] / floor_wall:.2f}")
        pq_wall, pq_cpu = output_floor(keep, csv=False)
        print(f"rows={rows} parquet-only floor (signals, findings parquet; no findings.csv) wall={pq_wall:.2f}s "
              f"cpu={pq_cpu:.2f}s | ceiling ratios: floor/raw_read={raw_wall / pq_wall:.2f}, "
              f"duckdb/floor={result['duckdb'] / pq_wall:.2f}")
        if args.profile:
            profile(path, small, rows)
    if len(rss) >= 2:
        lo, hi = min(rss), max(rss)
        print(f"rss_growth_{lo}_to_{hi}={100 * (rss[hi] / rss[lo] - 1):.1f}% (target <= 20%, peak < 1024 MB)")


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "--_one":
        print(json.dumps(child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]) if len(sys.argv) == 5 else None)))
    else:
        main()
