"""The Ray engine: the same units, checks, policy and RunWriter as the local engine, on a Ray cluster.

Ray Data reads each pending unit as its own block (`read_units`), runs one `map_batches` stage per check
(an actor pool per check, so heavy models load once per actor; the faces stage asks for a GPU when the
cluster has one), and streams the results back to this driver in unit order. The driver does what the
local engine does after the checks: builds the signals batch (identity, combined status, signals),
evaluates the policy on batch-size slices aligned to the unit start - so findings come out in exactly
the local engine's order - and hands everything to the RunWriter, which makes each unit durable. Final
files are assembled from the parts in unit order at the end. Outputs equal the local engine's.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from auditor.checks.registry import GPU  # checks whose actors ask for a GPU when the cluster has one
from auditor.engines.checkrun import IDENTITY_COLUMNS, assemble_signals, signals_schema
from auditor.engines.local import read_failure
from auditor.engines.ray_stages import (
    READ_ERROR_COLUMN,
    UNIT_COLUMN,
    CheckStage,
    fail_column,
    read_units,
    stats_column,
)
from auditor.errors import AuditError, ConfigError, InputError
from auditor.limits import BATCH_ROWS
from auditor.plan import ScanPlan
from auditor.records import CheckFailure
from auditor.runstate.units import Unit
from auditor.stats import Stats, sum_stats

#: CPU share of one reader task / check actor: fractional, so every stage gets an actor on 2 cores
STAGE_CPUS = 0.25


def import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise ConfigError("--engine ray needs Ray: pip install 'auditor[ray]'") from exc
    return ray


class RayEngine:
    def __init__(self, plan: ScanPlan, units: list[Unit], done: set[str], evaluate: Callable, sink: Any,
                 on_progress: Callable[[int], None] | None = None, batch_size: int = BATCH_ROWS,
                 address: str | None = None, workers: int | None = None, profile: str | None = None,
                 overrides: dict[str, str] | None = None) -> None:
        self.plan, self.units, self.done = plan, units, done
        self.evaluate, self.sink = evaluate, sink
        self.on_progress = on_progress or (lambda n: None)
        self.batch_size, self.address, self.workers = batch_size, address, workers
        self.profile, self.overrides = profile, dict(overrides or {})
        self.schema = signals_schema(plan.checks)
        self.stop_requested = threading.Event()

    def run(self) -> None:
        ray = import_ray()
        started_here = not ray.is_initialized()
        if started_here:
            ray.init(address=self.address, num_cpus=self.workers if self.address is None else None,
                     include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        try:
            if self.sink.stream_final:  # units finish in any order here (see auditor.scan.OUT_OF_ORDER_ENGINES)
                raise AssertionError("the Ray engine needs a RunWriter built with stream_final=False")
            pending = [i for i, u in enumerate(self.units) if u.id not in self.done]
            if pending:
                self._run_pending(ray, pending)
            if self.stop_requested.is_set():
                return
            for unit in self.units:  # final files in unit order, from the parts
                if unit.id in self.done:
                    self.sink.replay(unit)
                    self.on_progress(unit.rows or 0)
                else:
                    self.sink.append_final(unit)
                    self.sink.take_examples(unit)
        finally:
            if started_here:
                ray.shutdown()

    def _dataset(self, ray, pending: list[int]):
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        specs = {i: (self.plan.streams[self.units[i].stream].file, self.units[i].row_groups, self.units[i].start)
                 for i in pending}
        ds = ray.data.from_items([{"i": i} for i in pending], override_num_blocks=len(pending))
        ds = ds.map_batches(read_units, batch_size=1, batch_format="pyarrow", num_cpus=STAGE_CPUS,
                            fn_kwargs={"specs": specs, "profile": self.profile, "overrides": self.overrides,
                                       "batch_size": self.batch_size})
        gpus = ray.cluster_resources().get("GPU", 0)
        actors = max(1, int(ray.cluster_resources().get("CPU", 1)))
        for check in self.plan.checks:
            ds = ds.map_batches(CheckStage, fn_constructor_kwargs={"name": check.name, "options": check.options},
                                batch_size=None, batch_format="pyarrow",
                                compute=ray.data.ActorPoolStrategy(min_size=1, max_size=actors),
                                num_cpus=STAGE_CPUS, num_gpus=1 if gpus and check.name in GPU else 0)
        return ds

    def _run_pending(self, ray, pending: list[int]) -> None:
        try:
            seen = self._consume(ray, pending)
        except AuditError:
            raise
        except Exception as exc:  # noqa: BLE001 - a task failed on the cluster: one line, exit 2
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise InputError(f"the Ray engine failed: {first[:500]}") from exc
        if self.stop_requested.is_set():
            return
        for idx in pending:  # units that produced no rows (empty row groups): done, with nothing in them
            if idx not in seen:
                self.sink.start_unit(self.units[idx])
                self.sink.finish_unit({}, None, 0)

    def _consume(self, ray, pending: list[int]) -> set[int]:
        current: int | None = None
        buffered: list[pa.Table] = []
        emitted = 0
        failures: dict = {}
        stats: dict[str, Stats] = {}
        error: str | None = None
        seen: set[int] = set()
        for block in self._dataset(ray, pending).iter_batches(batch_size=None, batch_format="pyarrow"):
            if self.stop_requested.is_set():
                break
            if not block.num_rows:
                continue
            idx = block.column(UNIT_COLUMN)[0].as_py()
            if idx != current:
                if current is not None:
                    emitted += self._flush(buffered, failures, final=True)
                    self._finish(current, emitted, failures, error, stats)
                current, buffered, emitted, failures, stats, error = idx, [], 0, {}, {}, None
                seen.add(idx)
                self.sink.start_unit(self.units[idx])
            if READ_ERROR_COLUMN in block.column_names:
                error = block.column(READ_ERROR_COLUMN)[0].as_py()
            if "key" not in block.column_names:  # the sentinel of a unit that failed before its first row
                continue
            sum_stats(self._block_stats(block), stats)
            buffered.append(block)
            emitted += self._flush(buffered, failures, final=False)
        else:
            if current is not None:
                emitted += self._flush(buffered, failures, final=True)
                self._finish(current, emitted, failures, error, stats)
            return seen
        self.sink.abort_unit()  # stopped: the unit in progress gets no marker
        return seen

    def _block_stats(self, block: pa.Table) -> dict[str, Stats]:
        """The counters the check actors attached to this block's rows (auditor.ray_stages), summed per check."""
        out: dict[str, Stats] = {}
        for check in self.plan.checks:
            total = out.setdefault(check.name, Stats())
            for value in block.column(stats_column(check.name)).drop_null().to_pylist():
                total += Stats.from_json(json.loads(value))
        return out

    def _flush(self, buffered: list[pa.Table], failures: dict, *, final: bool) -> int:
        """Evaluate whole batch-size slices of the buffered unit rows (all rows when `final`); keep the rest
        in `buffered`. Returns the rows evaluated."""
        if not buffered:
            return 0
        table = pa.concat_tables(buffered)
        n = table.num_rows
        cut = n if final else (n // self.batch_size) * self.batch_size
        for lo in range(0, cut, self.batch_size):
            self._emit(table.slice(lo, min(self.batch_size, cut - lo)).combine_chunks(), failures)
        buffered[:] = [table.slice(cut)] if cut < n else []
        return cut

    def _emit(self, part: pa.Table, failures: dict) -> None:
        n = part.num_rows
        outputs = []
        for check in self.plan.checks:
            fail = part.column(fail_column(check.name)).combine_chunks()
            failed = None
            if fail.null_count < n:
                failed = pc.if_else(pc.is_valid(fail), f"error:{check.name}_failed", None)
                for item in pc.value_counts(fail.drop_null()).to_pylist():
                    key = (check.name, item["values"])
                    failures.setdefault(key, CheckFailure(check.name, item["values"], 0)).rows += item["counts"]
            signals = pa.RecordBatch.from_arrays([part.column(name).combine_chunks() for name in check.signals],
                                                 schema=check.schema())
            outputs.append((check, signals, failed))
        ident = [part.column(c).combine_chunks() for c in IDENTITY_COLUMNS]
        signals = assemble_signals(ident, outputs, self.schema)
        canonical = part.to_batches()[0]
        self.sink.write(canonical, signals, self.evaluate(canonical, signals))
        self.on_progress(n)

    def _finish(self, idx: int, rows: int, failures: dict, error: str | None, stats: dict[str, Stats]) -> None:
        unit, file_error = self.units[idx], None
        if error is not None:
            file = self.plan.streams[unit.stream].file
            missing, file_error = read_failure(file.path, file.name, self.schema, unit.start, rows, unit.rows, error,
                                               self.batch_size)
            for signals in missing:
                self.sink.write(signals, signals, self.evaluate(signals, signals))
                self.on_progress(signals.num_rows)
        self.sink.finish_unit(failures, file_error, rows, stats)


