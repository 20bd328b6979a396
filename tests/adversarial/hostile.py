"""Builders for hostile inputs shared by the adversarial tests (not a test module).

Every builder writes real files (parquet, CSV, TSV, JSONL, webdataset tars) the way a stranger's
pipeline might: damaged, mislabelled or deliberately odd. Expected outcomes live in the tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from report_support import audit, strict_json


def laion_table(n: int, start: int = 0, license_cycle=("CC0", "CC BY 4.0", None)) -> pa.Table:
    return pa.table({
        "URL": [f"https://example.com/{start + i}.jpg" for i in range(n)],
        "TEXT": [f"caption {start + i}" for i in range(n)],
        "LICENSE": [license_cycle[i % len(license_cycle)] for i in range(n)],
    })


def mislabelled_strings(values: list[bytes | None]) -> pa.Array:
    """A `string` array over raw bytes, as a careless writer produces: pyarrow does not validate it."""
    raw = pa.array(values, pa.binary())
    return pa.Array.from_buffers(pa.string(), len(values), raw.buffers())


def bad_parquet_files(d: Path) -> dict[str, str]:
    """Damaged parquet files in `d` -> what kind of damage (each one unreadable in its own way)."""
    good = d / "_template.parquet"
    pq.write_table(laion_table(12), good, row_group_size=4)
    data = good.read_bytes()
    good.unlink()
    (d / "zero.parquet").write_bytes(b"")
    (d / "truncated.parquet").write_bytes(data[: len(data) // 2])
    (d / "random.parquet").write_bytes(os.urandom(4096))
    pages = bytearray(data)
    pages[8:200] = b"\xab" * 192  # footer intact (12 rows promised), first pages garbage
    (d / "pages.parquet").write_bytes(bytes(pages))
    return {"zero.parquet": "empty", "truncated.parquet": "no footer", "random.parquet": "not parquet",
            "pages.parquet": "bad pages"}


def scan(inputs, out: Path, *extra, checks: str = "license"):
    """Run the real CLI; returns (process, summary or None, signals table or None)."""
    args = [str(p) for p in (inputs if isinstance(inputs, list | tuple) else [inputs])]
    proc = audit("scan", *args, "--checks", checks, "--quiet", "--out", out, *extra)
    return proc, *read_outputs(out)


def read_outputs(out: Path) -> tuple[dict | None, pa.Table | None]:
    """(summary or None, signals table or None) of the run directory `out`."""
    summary = signals = None
    if (out / "summary.json").exists():
        summary = strict_json((out / "summary.json").read_text(encoding="utf-8"))
    if (out / "signals.parquet").exists():
        signals = pq.read_table(out / "signals.parquet")
    return summary, signals


def per_file_counts(signals: pa.Table) -> dict[str, int]:
    files = signals.column("source_file").to_pylist()
    return {f: files.count(f) for f in set(files)}


def row_indexes(signals: pa.Table, name: str) -> list[int]:
    rows = [r for f, r in zip(signals.column("source_file").to_pylist(),
                              signals.column("row_index").to_pylist(), strict=True) if f == name]
    return sorted(rows)


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
