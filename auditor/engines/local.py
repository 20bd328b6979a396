"""The local engine: stream batches through the checks and the policy on this machine.

Reading and decompression happen in pyarrow's threads; writing happens on a writer thread behind a small
bounded queue, so the CPU-bound check/policy work overlaps I/O on both cores while memory stays bounded
by (queue depth x batch size). Checks never know which engine runs them.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from auditor.checks.base import Check, combine_status
from auditor.errors import AuditError
from auditor.plan import FileError, ScanPlan
from auditor.sampling import process_sampled
from auditor.sources.stream import FileStream

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


def unread_rows(stream: FileStream, processor: BatchProcessor, batch_size: int) -> list[pa.RecordBatch]:
    """Rows a damaged file promised (parquet metadata) but never delivered, as `error:read_failed`."""
    total = stream.num_rows()
    if total is None or stream.rows_read >= total:
        return []
    out = []
    name = stream.file.name
    for start in range(stream.rows_read, total, batch_size):
        stop = min(total, start + batch_size)
        idx = np.arange(start, stop, dtype=np.int64)
        keys = pa.array([f"{name}#{i}" for i in idx.tolist()])
        n = stop - start
        ident = [keys, pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([name])),
                 pa.array(idx), pa.array(np.full(n, "error:read_failed", dtype=object), pa.string())]
        rest = [pa.nulls(n, f.type) for f in processor.schema][4:]
        out.append(pa.RecordBatch.from_arrays(ident + rest, schema=processor.schema))
    return out


class LocalEngine:
    """Runs a plan; `on_output(batch, signals, findings)` receives results in input order."""

    def __init__(self, plan: ScanPlan, evaluate: Callable[[pa.RecordBatch], pa.RecordBatch],
                 on_output: Callable[[pa.RecordBatch, pa.RecordBatch, pa.RecordBatch], None],
                 on_progress: Callable[[int], None] | None = None, batch_size: int = 65536) -> None:
        self.plan = plan
        self.evaluate = evaluate
        self.on_output = on_output
        self.on_progress = on_progress or (lambda n: None)
        self.batch_size = batch_size
        self.processor = BatchProcessor(plan.checks)
        self.stop_requested = threading.Event()

    def run(self) -> None:
        out_q: queue.Queue = queue.Queue(maxsize=4)
        failure: list[BaseException] = []

        def writer() -> None:
            while (item := out_q.get()) is not None:
                if failure:
                    continue
                try:
                    self.on_output(*item)
                except BaseException as exc:  # noqa: BLE001 - re-raised on the main thread
                    failure.append(exc)

        thread = threading.Thread(target=writer, name="auditor-writer", daemon=True)
        thread.start()
        for check in self.plan.checks:
            check.open()
        try:
            for stream in self.plan.streams:
                if self.stop_requested.is_set() or failure:
                    break
                self._run_stream(stream, out_q)
        finally:
            out_q.put(None)
            thread.join()
            for check in self.plan.checks:
                check.close()
        if failure:
            raise failure[0]

    def _run_stream(self, stream: FileStream, out_q: queue.Queue) -> None:
        try:
            for batch in stream.batches(self.batch_size):
                signals = self.processor(batch)
                out_q.put((batch, signals, self.evaluate(signals)))
                self.on_progress(batch.num_rows)
                if self.stop_requested.is_set():
                    return
        except (AuditError, pa.ArrowException, OSError) as exc:
            message = exc.message if isinstance(exc, AuditError) else f"{type(exc).__name__}: {exc}"
            missing = unread_rows(stream, self.processor, self.batch_size)
            self.plan.file_errors.append(FileError(stream.file.path, f"read failed after "
                                                   f"{stream.rows_read} rows: {message}",
                                                   sum(b.num_rows for b in missing)))
            for signals in missing:
                out_q.put((signals, signals, self.evaluate(signals)))
                self.on_progress(signals.num_rows)
