"""CPU-seconds per stage of one in-process `audit scan` (issue #23's profile), with yappi on every Python thread.

yappi's CPU clock gives each Python function's own time (C calls it makes are counted in it, since builtins are not
profiled); functions are grouped into stages by the module they live in (STAGES, first match wins). Work done on
Arrow's own C++ thread pool (parquet decoding with use_threads, some compute kernels) is on no Python thread, so
it is reported as the difference between the process's CPU time and what yappi saw.

    python3 tests/bench/profile_scan.py FILE.parquet [--checks license]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yappi

#: (path fragment, stage): the first fragment found in a function's file names its stage
STAGES = (
    ("/pyarrow/parquet", "read: pyarrow parquet (Python side)"),
    ("auditor/sources/canonical", "canonicalize + keys"),
    ("auditor/sources/", "read: auditor readers"),
    ("auditor/checks/hosts", "check: hosts (stock/commons flags)"),
    ("auditor/checks/url_authority", "check: hosts (stock/commons flags)"),
    ("auditor/checks/license", "check: license"),
    ("auditor/checks/dataset_columns", "check: dataset columns"),
    ("auditor/checks/", "check: other"),
    ("auditor/policy/evidence", "policy: evidence"),
    ("auditor/policy/", "policy: conditions + findings"),
    ("auditor/waivers/", "policy: waivers"),
    ("auditor/scan_hooks", "policy: counts (scan hooks)"),
    ("auditor/aggregate", "examples + run counts"),
    ("auditor/runstate/", "write: signals/findings parts"),
    ("auditor/sinks", "write: signals/findings parts"),
    ("/pyarrow/", "write/encode: pyarrow (Python side)"),
    ("auditor/engines/", "engine orchestration"),
    ("auditor/report/", "reports"),
    ("auditor/summary", "summary"),
    ("auditor/", "other auditor"),
)


def stage_of(path: str) -> str:
    for fragment, stage in STAGES:
        if fragment in path:
            return stage
    return "other (libraries, start-up)"


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def profile_scan(path: Path, checks: str = "license") -> tuple[dict[str, float], float, float, float]:
    """(CPU-s per stage, Arrow pool CPU-s, process CPU-s, wall s) of one scan of `path`."""
    from auditor.cli import app

    with tempfile.TemporaryDirectory() as tmp:
        yappi.set_clock_type("cpu")
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        yappi.start(builtins=False, profile_threads=True)
        try:
            app(["scan", str(path), "--checks", checks, "--quiet", "--out", str(Path(tmp) / "run")],
                standalone_mode=False)
        finally:
            yappi.stop()
        wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    stages: dict[str, float] = defaultdict(float)
    for stat in yappi.get_func_stats():
        stages[stage_of(stat.module)] += stat.tsub
    yappi.clear_stats()
    seen = sum(stages.values())
    return dict(stages), max(0.0, cpu - seen), cpu, wall


def print_profile(stages: dict[str, float], pool: float, cpu: float, wall: float, rows: int) -> None:
    print(f"profile rows={rows} wall={wall:.2f}s process_cpu={cpu:.2f}s (yappi adds overhead: compare stages, "
          "not totals, with an unprofiled run)")
    for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<42} {seconds:7.2f} CPU-s  {100 * seconds / cpu:5.1f}%")
    print(f"  {'Arrow C++ thread pool (not a Python thread)':<42} {pool:7.2f} CPU-s  {100 * pool / cpu:5.1f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--checks", default="license")
    args = ap.parse_args()
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(args.path).metadata.num_rows
    print_profile(*profile_scan(args.path, args.checks), rows=rows)


if __name__ == "__main__":
    main()
