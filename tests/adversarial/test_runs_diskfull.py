"""Issue #8 item 31: the disk fills up mid-run: an error naming the path, exit 2, and no output file left
half-written under its final name.

A full disk is simulated with RLIMIT_FSIZE in the child (no root or tmpfs needed): with SIGXFSZ ignored,
a write past the limit fails with EFBIG exactly as ENOSPC would, in whichever file crosses it first. The
limits below make different files hit it: a unit's part file, or the final signals.parquet.
"""

from __future__ import annotations

import json
import resource
import signal

import pyarrow.parquet as pq
import pytest
from runs_support import run_scan

FINAL = ("signals.parquet", "findings.parquet", "examples.parquet", "summary.json", "report.md", "manifest.json")


def limit_file_size(max_bytes: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return apply


@pytest.mark.parametrize("max_bytes", [20_000, 300_000, 1_500_000])
def test_disk_full_names_the_path_and_leaves_no_half_file(many_groups, tmp_path, max_bytes):
    out = tmp_path / "run"
    proc = run_scan(many_groups, "--checks", "license", "--batch-size", "5000", "--quiet", "--out", out,
                    preexec_fn=limit_file_size(max_bytes))
    assert proc.returncode == 2, proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith("audit: error: ") and str(out) in line and "File too large" in line, line
    assert "Traceback" not in proc.stderr
    for name in FINAL:  # each final file is absent or complete
        path = out / name
        if not path.exists():
            continue
        if name.endswith(".parquet"):
            pq.read_metadata(path)
        elif name.endswith(".json"):
            json.loads(path.read_text())
    assert not (out / "signals.parquet").exists() and not (out / "summary.json").exists()
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith((".partial", ".tmp"))]
    assert leftovers == []


def test_disk_full_run_resumes_once_space_is_back(many_groups, tmp_path):
    """Units finished before the disk filled stay durable; --resume completes the run."""
    out = tmp_path / "run"
    proc = run_scan(many_groups, "--checks", "license", "--batch-size", "5000", "--quiet", "--out", out,
                    preexec_fn=limit_file_size(1_500_000))
    assert proc.returncode == 2
    assert list((out / "parts").glob("*.done.json"))
    resumed = run_scan(many_groups, "--checks", "license", "--batch-size", "5000", "--quiet", "--resume", out)
    assert resumed.returncode == 1, resumed.stderr
    assert pq.read_metadata(out / "signals.parquet").num_rows == 300_000
