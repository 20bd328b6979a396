"""Ray Data stages: read one unit, run one check. Module-level so Ray workers can import them.

A check stage is a class: Ray builds it once per actor, so `check.open()` (spaCy, ONNX sessions) runs
once per actor, not per batch. Each stage appends its check's signal columns plus `__fail_<check>` (the
failure reason from `run_check`, null when the check ran) and `__stats_<check>` (the check's counters for each
batch as JSON on the batch's first row, null elsewhere: auditor.stats), and passes every other column through; the
driver assembles the signals batch with the same `assemble_signals` the local engine uses and sums the counters
per unit.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from auditor.checks.registry import check_class
from auditor.engines.checkrun import run_check
from auditor.engines.local import read_error_message
from auditor.errors import AuditError
from auditor.sources.stream import open_stream

UNIT_COLUMN = "__unit"
#: set (on every row of the unit) when reading the unit failed part-way; the driver adds the missing rows
READ_ERROR_COLUMN = "__read_error"
READ_ERRORS = (AuditError, pa.ArrowException, OSError)


def fail_column(check: str) -> str:
    return f"__fail_{check}"


def stats_column(check: str) -> str:
    return f"__stats_{check}"


def read_units(batch: pa.Table, specs: dict, profile: str | None, overrides: dict, batch_size: int) -> pa.Table:
    """The canonical rows of the units named in `batch` (one unit per call in practice)."""
    tables = []
    for idx in batch.column("i").to_pylist():
        file, groups, start = specs[idx]
        batches, error = [], None
        try:
            stream = open_stream(file, profile=profile, overrides=overrides)
            for b in stream.batches(batch_size, list(groups) if groups is not None else None, start):
                batches.append(b)
        except READ_ERRORS as exc:
            error = read_error_message(exc)
        if not batches:  # an empty unit (done with no rows), or a sentinel row carrying the read error
            if error is not None:
                tables.append(pa.table({UNIT_COLUMN: pa.array([idx], pa.int32()), READ_ERROR_COLUMN: [error]}))
            continue
        table = pa.Table.from_batches(batches)
        table = table.append_column(UNIT_COLUMN, pa.array(np.full(table.num_rows, idx, np.int32)))
        if error is not None:
            table = table.append_column(READ_ERROR_COLUMN, pa.array(np.full(table.num_rows, error, dtype=object),
                                                                    pa.string()))
        tables.append(table)
    if not tables:
        return pa.table({UNIT_COLUMN: pa.array([], pa.int32())})
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


class CheckStage:
    def __init__(self, name: str, options) -> None:
        self.check = check_class(name)(options)
        self.check.open()

    def __call__(self, table: pa.Table) -> pa.Table:
        if "key" not in table.column_names:  # a read-error sentinel: no rows to check
            return table
        check = self.check
        schema = check.schema()
        columns: dict[str, list[pa.Array]] = {n: [] for n in schema.names}
        fails: list[pa.Array] = []
        stats: list[pa.Array] = []
        for batch in table.to_batches():
            out, reason = run_check(check, batch)
            n = batch.num_rows
            counted = json.dumps(check.take_stats().to_json())
            stats.append(pa.array([counted] + [None] * (n - 1), pa.string()) if n else pa.nulls(0, pa.string()))
            fails.append(pa.nulls(n, pa.string()) if reason is None
                         else pa.array(np.full(n, reason, dtype=object), pa.string()))
            for name in schema.names:
                columns[name].append(out.column(name))
        for field in schema:
            table = table.append_column(field, pa.chunked_array(columns[field.name], field.type))
        table = table.append_column(stats_column(check.name), pa.chunked_array(stats, pa.string()))
        return table.append_column(fail_column(check.name), pa.chunked_array(fails, pa.string()))
