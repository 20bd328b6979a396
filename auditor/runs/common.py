"""Reading a finished run directory: its summary, its parquet outputs, and the inputs it names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from auditor.errors import InputError
from auditor.limits import BATCH_ROWS
from auditor.outputs import SUMMARY_FILE
from auditor.sources.discover import InputFile
from auditor.summary import sha256_file

BATCH = BATCH_ROWS


def load_summary(run_dir: Path) -> dict[str, Any]:
    path = Path(run_dir) / SUMMARY_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("not a run directory (no summary.json)", file=str(run_dir)) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read summary.json: {exc}", file=str(path)) from None


def iter_parquet(path: Path, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
    if not path.is_file():
        return
    yield from pq.ParquetFile(path).iter_batches(batch_size=BATCH, columns=columns)


def strings(arr: pa.Array) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.dictionary_decode() if pa.types.is_dictionary(arr.type) else arr


def input_files(summary: dict[str, Any], *, verify: bool = True) -> list[InputFile]:
    """The inputs the run read, refusing files that changed since (sha256 differs)."""
    out = []
    for f in summary["inputs"]:
        path = Path(f["path"])
        if not path.is_file():
            raise InputError("input file of the run is gone", file=str(path))
        if verify and f.get("sha256") and sha256_file(path) != f["sha256"]:
            raise InputError("input file changed since the run (sha256 differs)", file=str(path))
        out.append(InputFile(path=str(path), name=f["name"], format=f["format"], size=path.stat().st_size))
    return out


def gather_inputs(summary: dict[str, Any], files: np.ndarray, rows: np.ndarray,
                  columns: tuple[str, ...] = ("url", "caption"),
                  overrides: dict[str, str] | None = None) -> dict[str, np.ndarray]:
    """Canonical input columns for the rows (source file name, row index), streamed from the inputs.

    Inputs are re-read with the profile the run detected (plus `overrides`: canonical name -> column);
    each file is read only if a row needs it.
    """
    from auditor.sources.stream import open_stream

    out = {c: np.full(len(rows), None, dtype=object) for c in columns}
    profiles = {f["name"]: f.get("profile") for f in summary["inputs"]}
    for f in input_files(summary, verify=False):
        mine = np.flatnonzero(files == f.name)
        if not len(mine):
            continue
        stream = open_stream(f, profile=profiles.get(f.name), overrides=overrides or {})
        for batch in stream.batches(BATCH):
            idx = batch.column("row_index").to_numpy()
            sel = mine[np.isin(rows[mine], idx)]
            if not len(sel):
                continue
            take = pa.array(rows[sel] - idx[0])
            for c in columns:
                if c in batch.schema.names:
                    out[c][sel] = pc.take(strings(batch.column(c)).cast(pa.string()), take).to_numpy(
                        zero_copy_only=False)
    return out
