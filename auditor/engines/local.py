"""The local engine: units of work through reader, checks+policy, and writer, overlapped.

Three stages run at once: a reader thread decodes parquet (pyarrow's threads), the calling thread runs
the checks and the policy (CPU-heavy checks fan out to their own worker pools, sized by --workers), and a
writer thread encodes and writes. Memory is bounded by the bytes of input batches in flight between the
reader and the end of writing (--max-inflight-mb), not by a row count: a batch of long captions weighs
what it weighs. Checks never know which engine runs them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from auditor.checks.base import Check, combine_status
from auditor.errors import AuditError
from auditor.plan import FileError
from auditor.sampling import process_sampled

IDENTITY_COLUMNS = ("key", "source_file", "row_index")


@dataclass
class CheckFailure:
    check: str
    error: str
    rows: int

    def as_dict(self) -> dict:
        return {"check": self.check, "error": self.error, "rows": self.rows}


def signals_schema(checks: list[Check]) -> pa.Schema:
    fields = [pa.field("key", pa.string()), pa.field("source_file", pa.dictionary(pa.int32(), pa.string())),
              pa.field("row_index", pa.int64()), pa.field("status", pa.string())]
    for check in checks:
        fields.extend(check.schema())
    return pa.schema(fields)


class BatchProcessor:
    """Canonical batch -> signals batch (identity + status + every check's signals)."""

    def __init__(self, checks: list[Check]) -> None:
        self.checks = checks
        self.schema = signals_schema(checks)
        self.failures: dict[tuple[str, str], CheckFailure] = {}
        #: set by the scan for `--sample`: rows outside the sample skip every check (auditor.sampling)
        self.sampler = None

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        if self.sampler is not None:
            return process_sampled(self._process, batch, self.sampler.mask(batch), self.schema)
        return self._process(batch)

    def _process(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        n = batch.num_rows
        columns = [batch.column(name) for name in IDENTITY_COLUMNS]
        signal_columns: list[pa.Array] = []
        statuses: list[pa.Array] = []
        for check in self.checks:
            out, failed = self._run_one(check, batch)
            if failed is not None:
                statuses.append(failed)
            for name in out.schema.names:
                if name.endswith("_status"):
                    statuses.append(out.column(name))
            signal_columns.extend(out.columns)
        status = combine_status(statuses, n)
        return pa.RecordBatch.from_arrays([*columns, status, *signal_columns], schema=self.schema)

    def _run_one(self, check: Check, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, pa.Array | None]:
        """Run a check; a crash becomes `error:<check>_failed` rows and an entry in summary.json."""
        try:
            out = check.run(batch)
        except AuditError:
            raise
        except Exception as exc:  # noqa: BLE001 - stored as data, reported in summary.json
            reason = f"{type(exc).__name__}: {exc}"[:500]
            failure = self.failures.setdefault((check.name, reason), CheckFailure(check.name, reason, 0))
            failure.rows += batch.num_rows
            failed = pa.array(np.full(batch.num_rows, f"error:{check.name}_failed", dtype=object), pa.string())
            return check.empty_signals(batch.num_rows), failed
        if out.num_rows != batch.num_rows or out.schema.names != list(check.signals):
            raise RuntimeError(f"check {check.name!r} broke its contract: wrong length or columns")
        return (out.cast(check.schema()) if out.schema != check.schema() else out), None


def missing_rows(name: str, schema: pa.Schema, start: int, stop: int, batch_size: int) -> list[pa.RecordBatch]:
    """Rows a damaged file promised (parquet metadata) but never delivered, as `error:read_failed`."""
    out = []
    for lo in range(start, stop, batch_size):
        hi = min(stop, lo + batch_size)
        idx = np.arange(lo, hi, dtype=np.int64)
        n = hi - lo
        keys = pa.array(np.char.add(f"{name}#", idx.astype(str)).astype(object), pa.string())
        ident = [keys, pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([name])),
                 pa.array(idx), pa.array(np.full(n, "error:read_failed", dtype=object), pa.string())]
        rest = [pa.nulls(n, f.type) for f in schema][4:]
        out.append(pa.RecordBatch.from_arrays(ident + rest, schema=schema))
    return out


def read_error_message(exc: BaseException) -> str:
    return exc.message if isinstance(exc, AuditError) else f"{type(exc).__name__}: {exc}"


def read_failure(path: str, name: str, schema: pa.Schema, start: int, rows_read: int, rows: int | None,
                 error: str, batch_size: int) -> tuple[list[pa.RecordBatch], FileError]:
    """The `error:read_failed` rows of a unit that broke after `rows_read` rows, and its file error.

    Shared by both engines so a damaged row group gives the same rows and message wherever it is read.
    """
    missing = missing_rows(name, schema, start + rows_read, start + rows, batch_size) if rows is not None else []
    lost = sum(b.num_rows for b in missing) if rows is not None else None
    return missing, FileError(path, f"read failed after {start + rows_read} rows: {error}", lost, stage="read")
