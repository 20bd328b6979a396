"""CPU-seconds per stage of one in-process `audit scan` (issue #23's profile), with yappi on every Python thread.

yappi's CPU clock gives each function's inclusive time (`ttot`, C calls it makes included since builtins are not
profiled). A stage is the inclusive time of its entry point (STAGES); an indented stage is part of the one above
it. Work done on Arrow's own C++ thread pool (parquet decoding with use_threads, some compute kernels) runs on no
Python thread, so it is reported as the process's CPU time minus all the CPU yappi saw on Python threads.

    python3 tests/bench/profile_scan.py FILE.parquet [--checks license]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import yappi

#: (label, file fragment, function name): inclusive CPU of that function is the stage; "  " = part of the above
STAGES = (
    ("policy load + compile", "auditor/policy/session.py", "load_policy"),
    ("read + canonicalize + keys (reader thread)", "auditor/engines/pipeline.py", "LocalEngine._read"),
    ("checks + policy (process thread)", "auditor/engines/pipeline.py", "LocalEngine._process"),
    ("  check: license", "auditor/checks/license.py", "LicenseCheck.run"),
    ("  check: hosts", "auditor/checks/hosts.py", "HostsCheck.run"),
    ("  check: dataset columns", "auditor/checks/dataset_columns.py", "DatasetColumnsCheck.run"),
    ("  signals batch (status, assembly)", "auditor/engines/checkrun.py", "assemble_signals"),
    ("  policy: conditions + findings", "auditor/policy/policy.py", "Policy.evaluate_batch"),
    ("    of which evidence", "auditor/policy/evidence.py", "evidence_rows"),
    ("write: signals + findings + examples (writer thread)", "auditor/engines/pipeline.py", "LocalEngine._write"),
    ("  parquet encode + write", "auditor/sinks.py", "AtomicParquetWriter.write"),
    ("  examples", "auditor/aggregate.py", "ExampleCollector.add"),
    ("summary.json", "auditor/scan.py", "_summary"),
    ("reports (md + html)", "auditor/report/render.py", "render_reports"),
)


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
    stats = list(yappi.get_func_stats())
    yappi.clear_stats()
    stages = {label: sum(s.ttot for s in stats if fragment in s.module and s.name == name)
              for label, fragment, name in STAGES}
    python_threads = sum(s.tsub for s in stats)
    return stages, max(0.0, cpu - python_threads), cpu, wall


def print_profile(stages: dict[str, float], pool: float, cpu: float, wall: float, rows: int) -> None:
    print(f"profile rows={rows} wall={wall:.2f}s process_cpu={cpu:.2f}s (under yappi, which adds overhead)")
    for label, seconds in stages.items():
        print(f"  {label:<54} {seconds:7.2f} CPU-s  {100 * seconds / cpu:5.1f}%")
    print(f"  {'Arrow C++ thread pool (on no Python thread)':<54} {pool:7.2f} CPU-s  {100 * pool / cpu:5.1f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("--checks", default="license")
    args = ap.parse_args()
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(args.path).metadata.num_rows
    print_profile(*profile_scan(args.path, args.checks), rows=rows)
    print("(start-up included: `bench_scan.py --profile` warms up on a small file first)")


if __name__ == "__main__":
    main()
