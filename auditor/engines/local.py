"""The local engine: units of work through reader, checks+policy, and writer, overlapped.

Three stages run at once: a reader thread decodes parquet (pyarrow's threads), the calling thread runs
the checks and the policy (CPU-heavy checks fan out to their own worker pools, sized by --workers), and a
writer thread encodes and writes. Memory is bounded by the bytes of input batches in flight between the
reader and the end of writing (--max-inflight-mb), not by a row count: a batch of long captions weighs
what it weighs. Checks never know which engine runs them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from auditor.checks.base import Check
from auditor.engines.checkrun import IDENTITY_COLUMNS, assemble_signals, failed_status, run_check, signals_schema
from auditor.errors import AuditError
from auditor.records import CheckFailure, FileError
from auditor.sampling import Sampler, process_sampled
from auditor.stats import Stats


class BatchProcessor:
    """Canonical batch -> signals batch (identity + status + every check's signals)."""

    def __init__(self, checks: list[Check], sampler: Sampler | None = None) -> None:
        self.checks = checks
        self.schema = signals_schema(checks)
        self.failures: dict[tuple[str, str], CheckFailure] = {}
        #: `--sample`: rows outside the sample skip every check (auditor.sampling)
        self.sampler = sampler

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        if self.sampler is not None:
            return process_sampled(self._process, batch, self.sampler.mask(batch), self.schema)
        return self._process(batch)

    def take_stats(self) -> dict[str, Stats]:
        """Every check's counters since the last call (auditor.stats), by check name."""
        return {check.name: check.take_stats() for check in self.checks}

    def _process(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        outputs = []
        for check in self.checks:
            signals, reason = run_check(check, batch)
            failed = None
            if reason is not None:
                failure = self.failures.setdefault((check.name, reason), CheckFailure(check.name, reason, 0))
                failure.rows += batch.num_rows
                failed = failed_status(check, batch.num_rows)
            outputs.append((check, signals, failed))
        return assemble_signals([batch.column(name) for name in IDENTITY_COLUMNS], outputs, self.schema)


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
