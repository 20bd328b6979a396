"""Issue #16 items 6 and 12: an output that cannot be written (`--summary-md` on /dev/full or a directory,
a disk that fills at the final write) is one line naming it, exit 2, no half file, no summary.json whose
verdict the exit code contradicts, and a run directory that `--resume` finishes."""

from __future__ import annotations

import json
import resource
import signal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hostile import laion_table
from runs_support import run_scan

ARGS = ("--checks", "license", "--quiet", "--batch-size", "10")


@pytest.fixture
def data(tmp_path) -> Path:
    path = tmp_path / "small.parquet"
    pq.write_table(laion_table(40), path)
    return path


def leftovers(run: Path) -> list[str]:
    return sorted(p.name for p in run.rglob(".*") if p.name != ".lock")


def assert_one_clean_line(proc, path) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"audit: error: {path}"), proc.stderr


@pytest.mark.parametrize("kind", ["directory", "missing folder"])
def test_unwritable_summary_md_is_refused_before_the_scan(data, tmp_path, kind):
    target = tmp_path / "dir" if kind == "directory" else tmp_path / "nope" / "summary.md"
    if kind == "directory":
        target.mkdir()
    out = tmp_path / "run"
    proc = run_scan(data, *ARGS, "--out", out, "--summary-md", target)
    assert_one_clean_line(proc, target)
    assert "--summary-md" in proc.stderr
    assert not out.exists()


def test_summary_md_on_dev_full_fails_cleanly_and_resumes(data, tmp_path):
    out = tmp_path / "run"
    proc = run_scan(data, *ARGS, "--out", out, "--summary-md", "/dev/full")
    assert_one_clean_line(proc, "/dev/full")
    assert "No space left" in proc.stderr
    assert not (out / "summary.json").exists() and (out / "parts").is_dir()
    assert leftovers(out) == []
    md = tmp_path / "step.md"
    resumed = run_scan(data, *ARGS, "--resume", out, "--summary-md", md)
    assert resumed.returncode == 1, resumed.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["exit_code"] == 1 and "# Dataset audit" in md.read_text()
    assert not (out / "parts").exists()


def _limit(max_bytes: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return apply


def test_disk_full_at_the_final_write(data, tmp_path):
    """Item 12: 40 rows in units of 10. A first, unlimited run measures the files; the file-size limit is
    then set just above every file but report.html (the last file written), so that write fails."""
    sizes = tmp_path / "sizes"
    assert run_scan(data, *ARGS, "--out", sizes).returncode == 1
    html = (sizes / "report.html").stat().st_size
    others = max(p.stat().st_size for p in sizes.rglob("*") if p.is_file() and p.name != "report.html")
    assert others < html, "report.html must be the largest file for this test to aim at it"
    out = tmp_path / "run"
    proc = run_scan(data, *ARGS, "--out", out, preexec_fn=_limit(others + 1))
    assert_one_clean_line(proc, out / "report.html")
    assert "File too large" in proc.stderr
    assert leftovers(out) == []
    for name in ("summary.json", "signals.parquet", "findings.parquet", "examples.parquet", "report.md",
                 "report.html"):
        assert not (out / name).exists(), name
    resumed = run_scan(data, *ARGS, "--resume", out)
    assert resumed.returncode == 1, resumed.stderr
    assert pq.read_metadata(out / "signals.parquet").num_rows == 40
