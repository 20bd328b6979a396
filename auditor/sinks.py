"""Where results go: parquet files written atomically, plus the run's running counts.

Files are written under a temporary name and renamed into place only when complete, so a reader (or a
CI job that uploads the directory) never sees half a signals.parquet under its final name.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def safe_child(directory: Path, name: str) -> Path:
    """`directory/name`, refusing names that would land outside `directory`."""
    if not name or "\x00" in name or "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(f"unsafe output file name {name!r}")
    path = (directory / name).resolve()
    if path.parent != directory.resolve():
        raise ValueError(f"output file name escapes the run directory: {name!r}")
    return path


class AtomicParquetWriter:
    """A parquet file that appears under its final name only after `close()`."""

    def __init__(self, path: Path, schema: pa.Schema, unique_columns: tuple[str, ...] = ("key", "evidence")) -> None:
        self.path = path
        self._tmp = path.with_name(f".{path.name}.partial")
        # Dictionary pages only for columns that are already dictionaries or short repetitive text
        # (statuses): trying them on unique keys or floats costs time and then falls back anyway.
        # Snappy: LAION's own choice, and cheap enough to stay off the critical path.
        repetitive = [f.name for f in schema if f.name not in unique_columns
                      and (pa.types.is_dictionary(f.type) or f.name.endswith("status"))]
        self._writer = pq.ParquetWriter(
            self._tmp, schema, compression="snappy", write_statistics=False, use_dictionary=repetitive,
        )
        self.rows = 0

    def write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            self._writer.write_batch(batch, row_group_size=1 << 20)
            self.rows += batch.num_rows

    def close(self) -> None:
        try:
            self._writer.close()
            with open(self._tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(self._tmp, self.path)
        except BaseException:
            self._forget()
            raise

    def abort(self) -> None:
        try:
            self._writer.close()
        except (OSError, pa.ArrowException):
            pass  # the disk is full or the file is gone: nothing of it is kept anyway
        finally:
            self._forget()

    def _forget(self) -> None:
        """Drop the half-written file; mark the writer closed so its finalizer does not retry the failed
        close (that printed "Exception ignored ... Traceback" at exit)."""
        self._writer.is_open = False
        try:
            if self._writer.file_handle is not None:
                self._writer.file_handle.close()
        except (OSError, pa.ArrowException):
            pass
        self._tmp.unlink(missing_ok=True)


def umask() -> int:
    """The process umask; read from /proc where possible (os.umask(0) briefly changes it for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text_atomic(path: Path, text: str) -> None:
    """Written under a temporary name, then renamed; mode 0666 minus the umask, like the parquet files
    (mkstemp alone would leave 0600, so a CI job uploading the run could not read its own report)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~umask())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, data: Any) -> None:
    """Strict JSON: NaN/Infinity are refused rather than written as invalid JSON."""
    write_text_atomic(path, json.dumps(data, indent=2, sort_keys=False, allow_nan=False, ensure_ascii=False) + "\n")


def value_counts(arr: pa.Array) -> Counter:
    """Counts of each value (None for nulls) without a Python object per row."""
    if pa.types.is_dictionary(arr.type):
        counts = pc.value_counts(arr.indices)
        dictionary = arr.dictionary.to_pylist()
        out = Counter()
        for item in counts.to_pylist():
            idx = item["values"]
            out[dictionary[idx] if idx is not None else None] += item["counts"]
        return out
    return Counter({item["values"]: item["counts"] for item in pc.value_counts(arr).to_pylist()})
