"""Helpers for the whole-run adversarial tests (test_runs_*): generated LAION-style parquet files, a scan
runner in a subprocess, and what two runs of the same scan must share."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "bench"))
from compare import read_decoded  # noqa: E402
from datagen import generate  # noqa: E402, F401 - re-exported for the tests

from auditor.checks.registry import check_class  # noqa: E402

#: things that legitimately differ between two runs of the same scan
VOLATILE = ("elapsed_s", "rows_per_s", "command_line")


def drop_volatile_facts(summary: dict) -> None:
    """Remove the check facts that depend on which processes ran (cache hits, timings: Check.volatile_facts);
    every other counter is summed over all units and must equal a one-shot run's."""
    for name, facts in summary["checks"].items():
        for key in check_class(name).volatile_facts:
            facts.pop(key)


def scan_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "auditor", "scan", *map(str, args)]


def scan_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}


#: runs argv[1:] and prints its exit code, ru_maxrss (KiB) and CPU-seconds. Why a middle process: Linux carries the
#: forking process's high-water RSS into a child's ru_maxrss at exec, so a child forked straight from a pytest
#: worker that has grown to GBs (other tests' models, under pytest-xdist) reports those GBs, and RUSAGE_CHILDREN
#: would mix in every other test's subprocesses; this small process forks the command instead, its high-water mark
#: is a few MB, and wait4 gives the command's own usage (with the workers it waited for).
_MEASURE = ("import os, sys\n"
            "pid = os.spawnv(os.P_NOWAIT, sys.argv[1], sys.argv[1:])\n"
            "_, status, usage = os.wait4(pid, 0)\n"
            "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime)\n")


@dataclass(frozen=True)
class Measured:
    code: int
    peak_rss_bytes: int
    cpu_s: float
    wall_s: float
    stderr: str


def measured(cmd: list[str], timeout: int = 600) -> Measured:
    """Exit code, peak RSS, CPU-seconds and wall time of one command, measured by a small middle process."""
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], env=scan_env(), capture_output=True, text=True,
                          timeout=timeout)
    wall = time.monotonic() - started
    code, maxrss_kib, cpu = proc.stdout.split()[-3:]
    return Measured(int(code), int(maxrss_kib) * 1024, float(cpu), wall, proc.stderr)


def run_scan(*args, timeout: int = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(scan_cmd(*args), capture_output=True, text=True, env=scan_env(), timeout=timeout,
                          **kwargs)


def many_groups_file(path: Path) -> Path:
    """300k unique rows in 30 row groups of 10k (one unit each with --batch-size 2500)."""
    generate(path, 300_000, chunk=10_000)
    assert pq.ParquetFile(path).metadata.num_row_groups == 30
    return path


def outputs(run: Path) -> dict:
    """Everything a run produced that must not depend on interruptions: tables and summary."""
    summary = json.loads((run / "summary.json").read_text())
    for key in VOLATILE:
        summary.pop(key)
    drop_volatile_facts(summary)
    return {"summary": summary, **{name: read_decoded(run / f"{name}.parquet")
                                   for name in ("signals", "findings", "examples")}}

