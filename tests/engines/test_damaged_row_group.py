"""A row group that cannot be decoded costs only its own rows: they come out as `error:read_failed`, the
file error names the file and row, the other row groups (and files) are scanned - on both engines, with
the same outputs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "bench"))
from compare import read_decoded  # noqa: E402
from datagen import generate  # noqa: E402

ARGS = ("--checks", "license", "--batch-size", "2500", "--quiet", "--workers", "2")


def damage_row_group(path: Path, rg: int) -> None:
    """Overwrite every column chunk of row group `rg` with 0xFF (page headers no longer parse)."""
    md = pq.ParquetFile(path).metadata.row_group(rg)
    data = bytearray(path.read_bytes())
    for j in range(md.num_columns):
        col = md.column(j)
        start = min(o for o in (col.dictionary_page_offset, col.data_page_offset) if o is not None and o > 0)
        data[start:start + col.total_compressed_size] = b"\xff" * col.total_compressed_size
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def damaged(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("damaged")
    generate(root / "a.parquet", 30_000, chunk=10_000)
    damage_row_group(root / "a.parquet", 1)
    generate(root / "b.parquet", 5_000, chunk=5_000, seed=2)
    return root


def scan(data: Path, out: Path, engine: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", str(data), *ARGS, "--engine", engine,
                           "--out", str(out)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 2, proc.stderr  # the audit is incomplete: exit 2, with every row accounted
    return json.loads((out / "summary.json").read_text())


NO_RAY = importlib.util.find_spec("ray") is None
ENGINES = ["local", pytest.param("ray", marks=pytest.mark.skipif(NO_RAY, reason="ray not installed"))]


@pytest.mark.parametrize("engine", ENGINES)
def test_damaged_row_group_costs_only_its_rows(damaged, tmp_path, engine):
    summary = scan(damaged, tmp_path / engine, engine)
    assert summary["rows"]["in"] == summary["rows"]["out"] == 35_000 and summary["rows"]["accounted"]
    [error] = summary["file_errors"]
    assert error["file"].endswith("a.parquet") and error["rows_unread"] == 10_000
    assert error["error"].startswith("read failed after 10000 rows: ")
    signals = pq.read_table(tmp_path / engine / "signals.parquet")
    failed = signals.filter(pc.equal(signals.column("status"), "error:read_failed"))
    assert failed.column("row_index").to_pylist() == list(range(10_000, 20_000))
    assert set(failed.column("source_file").to_pylist()) == {"a.parquet"}
    assert len(signals.column("key").unique()) == 35_000


@pytest.mark.skipif(NO_RAY, reason="ray not installed")
def test_both_engines_agree_on_a_damaged_file(damaged, tmp_path):
    local, ray = scan(damaged, tmp_path / "l", "local"), scan(damaged, tmp_path / "r", "ray")
    for s in (local, ray):
        for key in ("elapsed_s", "rows_per_s", "command_line", "checks"):
            s.pop(key)
    assert local == ray
    for name in ("signals", "findings", "examples"):
        want = read_decoded(tmp_path / "l" / f"{name}.parquet")
        assert read_decoded(tmp_path / "r" / f"{name}.parquet").equals(want), name
