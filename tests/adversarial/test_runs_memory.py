"""Issue #8 item 6: a 300 MB parquet is scanned with peak RSS under 1 GB (ru_maxrss of that process).

Memory must depend on the bytes in flight (--max-inflight-mb), not on the file size. The file is generated
(unique URLs and captions, so nothing compresses away) and scanned by a child whose own rusage is read
with os.wait4 in a small middle process - RUSAGE_CHILDREN would mix in every other test's subprocesses.
"""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from runs_support import generate, measured, scan_cmd

LIMIT_BYTES = 1 << 30


@pytest.fixture(scope="module")
def big_parquet(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "laion-300mb.parquet"
    generate(path, 6_600_000)
    assert path.stat().st_size >= 300_000_000
    return path


@pytest.mark.slow
def test_300mb_parquet_peak_rss_under_1gb(big_parquet, tmp_path):
    out = tmp_path / "run"
    run = measured(scan_cmd(big_parquet, "--checks", "license", "--quiet", "--out", out))
    code, rss, stderr = run.code, run.peak_rss_bytes, run.stderr
    assert code in (0, 1), stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["rows"]["in"] == summary["rows"]["out"] == pq.ParquetFile(big_parquet).metadata.num_rows
    assert summary["rows"]["accounted"]
    assert rss < LIMIT_BYTES, f"peak RSS {rss / 2**20:.0f} MiB for a {big_parquet.stat().st_size / 2**20:.0f} MiB file"
