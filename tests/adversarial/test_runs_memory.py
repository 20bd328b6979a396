"""Issue #8 item 6: a 300 MB parquet is scanned with peak RSS under 1 GB (ru_maxrss of that process).

Memory must depend on the bytes in flight (--max-inflight-mb), not on the file size. The file is generated
(unique URLs and captions, so nothing compresses away) and scanned by a child whose own rusage is read
with os.wait4 - RUSAGE_CHILDREN would mix in every other test's subprocesses.
"""

from __future__ import annotations

import json
import os
import subprocess

import pyarrow.parquet as pq
import pytest
from runs_support import generate, scan_cmd, scan_env

LIMIT_BYTES = 1 << 30


@pytest.fixture(scope="module")
def big_parquet(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "laion-300mb.parquet"
    generate(path, 6_600_000)
    assert path.stat().st_size >= 300_000_000
    return path


def peak_rss_of(cmd: list[str]) -> tuple[int, int, str]:
    """(exit code, peak RSS in bytes, stderr) of one child process."""
    with subprocess.Popen(cmd, env=scan_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc:
        stderr = proc.stderr.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss * 1024, stderr  # Linux: ru_maxrss is in KiB


@pytest.mark.slow
def test_300mb_parquet_peak_rss_under_1gb(big_parquet, tmp_path):
    out = tmp_path / "run"
    code, rss, stderr = peak_rss_of(scan_cmd(big_parquet, "--checks", "license", "--quiet", "--out", out))
    assert code in (0, 1), stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["rows"]["in"] == summary["rows"]["out"] == pq.ParquetFile(big_parquet).metadata.num_rows
    assert summary["rows"]["accounted"]
    assert rss < LIMIT_BYTES, f"peak RSS {rss / 2**20:.0f} MiB for a {big_parquet.stat().st_size / 2**20:.0f} MiB file"
