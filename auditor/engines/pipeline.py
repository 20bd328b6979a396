"""The local engine's pipeline: reader thread -> checks and policy (this thread) -> writer thread.

Events flow in unit order: ("start", unit), ("batch", unit, batch), ("end", unit, rows, error) from the
reader; ("done", unit) for units an earlier attempt finished (the writer replays their parts). On a stop
request (first SIGINT/SIGTERM) the reader schedules nothing new, batches not yet processed are dropped,
and a unit that lost any batch is aborted (no marker) instead of ended: it is redone on resume.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

import pyarrow as pa

from auditor.engines.budget import ByteBudget
from auditor.engines.local import BatchProcessor, read_error_message, read_failure
from auditor.errors import AuditError
from auditor.limits import BATCH_ROWS
from auditor.plan import ScanPlan
from auditor.runstate.units import Unit
from auditor.sampling import Sampler

READ_ERRORS = (AuditError, pa.ArrowException, OSError)


class LocalEngine:
    def __init__(self, plan: ScanPlan, units: list[Unit], done: set[str], evaluate: Callable[..., Any],
                 sink: Any, on_progress: Callable[[int], None] | None = None, batch_size: int = BATCH_ROWS,
                 max_inflight_bytes: int = 64 << 20, sampler: Sampler | None = None) -> None:
        self.plan, self.units, self.done = plan, units, done
        self.evaluate = evaluate  # (batch, signals) -> auditor.scan_hooks.Evaluated
        self.sink = sink
        self.on_progress = on_progress or (lambda n: None)
        self.batch_size = batch_size
        self.budget = ByteBudget(max_inflight_bytes)
        self.processor = BatchProcessor(plan.checks, sampler)
        self.stop_requested = threading.Event()
        self._cancel = threading.Event()
        self._failure: list[BaseException] = []

    def run(self) -> None:
        in_q: queue.Queue = queue.Queue()
        out_q: queue.Queue = queue.Queue()
        writer = threading.Thread(target=self._write, args=(out_q,), name="auditor-writer", daemon=True)
        reader = threading.Thread(target=self._read, args=(in_q,), name="auditor-reader", daemon=True)
        for check in self.plan.checks:
            check.open()
        writer.start()
        reader.start()
        try:
            self._process(in_q, out_q)
        except BaseException:
            self._cancel.set()
            raise
        finally:
            out_q.put(None)
            writer.join()
            for check in self.plan.checks:
                check.close()
        if self._failure:
            raise self._failure[0]

    # -- reader thread ------------------------------------------------------------------------------
    def _read(self, in_q: queue.Queue) -> None:
        try:
            for unit in self.units:
                if self.stop_requested.is_set() or self._cancel.is_set():
                    return
                if unit.id in self.done:
                    in_q.put(("done", unit))
                    continue
                if not self._read_unit(unit, in_q):
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, re-raised there
            in_q.put(("crash", exc))
        finally:
            in_q.put(None)

    def _read_unit(self, unit: Unit, in_q: queue.Queue) -> bool:
        stream = self.plan.streams[unit.stream]
        in_q.put(("start", unit))
        error = None
        try:
            groups = list(unit.row_groups) if unit.row_groups is not None else None
            for batch in stream.batches(self.batch_size, groups, unit.start):
                if not self.budget.acquire(batch.nbytes, self._cancel):
                    in_q.put(("abort", unit))
                    return False
                in_q.put(("batch", unit, batch))
                if self.stop_requested.is_set():
                    in_q.put(("abort", unit))
                    return False
        except READ_ERRORS as exc:
            error = read_error_message(exc)
        in_q.put(("end", unit, stream.rows_read - unit.start, error))
        return True

    # -- this thread --------------------------------------------------------------------------------
    def _process(self, in_q: queue.Queue, out_q: queue.Queue) -> None:
        dropped: set[str] = set()
        while (item := in_q.get()) is not None:
            kind, unit = item[0], item[1]
            if kind == "crash":
                raise unit
            if kind == "batch":
                batch = item[2]
                if self.stop_requested.is_set() or self._failure:
                    dropped.add(unit.id)
                    self.budget.release(batch.nbytes)
                    continue
                signals = self.processor(batch)
                if self.stop_requested.is_set():
                    # a Ctrl-C also reaches the checks' worker processes: a batch processed while the
                    # stop arrived may hold their crashes as error rows, so it is dropped, never committed
                    dropped.add(unit.id)
                    self.budget.release(batch.nbytes)
                    continue
                result = self.evaluate(batch, signals)
                produced = signals.nbytes + result.findings.nbytes
                self.budget.add(produced)
                out_q.put(("batch", batch, signals, result, batch.nbytes + produced))
                self.on_progress(batch.num_rows)
            elif kind == "start":
                self.processor.failures = {}  # per unit: each unit's marker holds its own failures
                self.processor.take_stats()  # and its own counters (an aborted unit's are dropped)
                out_q.put(item)
            elif kind == "end":
                if unit.id in dropped:
                    out_q.put(("abort", unit))
                else:
                    self._end_unit(unit, item[2], item[3], out_q)
            elif kind == "done":
                out_q.put(item)
                self.on_progress(unit.rows or 0)
            else:  # abort
                out_q.put(item)

    def _end_unit(self, unit: Unit, rows_read: int, error: str | None, out_q: queue.Queue) -> None:
        file_error = None
        if error is not None:
            file = self.plan.streams[unit.stream].file
            missing, file_error = read_failure(file.path, file.name, self.processor.schema, unit.start, rows_read,
                                               unit.rows, error, self.batch_size)
            for signals in missing:
                out_q.put(("batch", signals, signals, self.evaluate(signals, signals), 0))
                self.on_progress(signals.num_rows)
        out_q.put(("end", dict(self.processor.failures), file_error, rows_read, self.processor.take_stats()))

    # -- writer thread ------------------------------------------------------------------------------
    def _write(self, out_q: queue.Queue) -> None:
        handlers = {"start": lambda it: self.sink.start_unit(it[1]),
                    "batch": lambda it: self.sink.write(*it[1:4]),
                    "end": lambda it: self.sink.finish_unit(*it[1:5]),
                    "abort": lambda it: self.sink.abort_unit(),
                    "done": lambda it: self.sink.replay(it[1])}
        while (item := out_q.get()) is not None:
            try:
                if not self._failure:
                    handlers[item[0]](item)
            except BaseException as exc:  # noqa: BLE001 - re-raised on the main thread
                self._failure.append(exc)
                self._cancel.set()
            finally:
                if item[0] == "batch":
                    self.budget.release(item[4])
