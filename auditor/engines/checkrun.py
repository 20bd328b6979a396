"""Running one check on one batch, and assembling the signals batch: the one copy both engines use.

As img2dataset runs the same downloader under every distributor, the local pipeline and the Ray stages call
`run_check` and `assemble_signals` and nothing else, so a check behaves the same wherever it runs.

Failure semantics (the same on both engines): a check that raises, or that breaks its contract (returns a batch of
the wrong length or with other columns than it declared), fails *that batch only*. Its rows get
`error:<check>_failed`, its signals are null (unknown, never a default), the reason goes to summary.json's
`check_failures`, and the scan goes on; a run with check failures is an incomplete audit (exit 2). An AuditError
(bad input or configuration the user must fix) still stops the scan.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from auditor.checks.base import Check, combine_status
from auditor.errors import AuditError

IDENTITY_COLUMNS = ("key", "source_file", "row_index")
#: the reason text stored per failure is cut here (it is data from the check's exception)
MAX_REASON_CHARS = 500


def signals_schema(checks: list[Check]) -> pa.Schema:
    fields = [pa.field("key", pa.string()), pa.field("source_file", pa.dictionary(pa.int32(), pa.string())),
              pa.field("row_index", pa.int64()), pa.field("status", pa.string())]
    for check in checks:
        fields.extend(check.schema())
    return pa.schema(fields)


def check_input(check: Check, batch: pa.RecordBatch) -> pa.RecordBatch:
    """The columns of `batch` the check declares in `input_columns` (zero-copy): a check reads nothing else, so
    its declaration is the whole truth about what it depends on."""
    names = batch.schema.names
    return batch.select([c for c in check.input_columns if c in names])


def run_check(check: Check, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, str | None]:
    """The check's signals for `batch` (cast to its declared schema) and None, or null signals and the reason."""
    try:
        out = check.run(check_input(check, batch))
        if out.num_rows != batch.num_rows or out.schema.names != list(check.signals):
            raise RuntimeError(f"check {check.name!r} broke its contract: returned {out.num_rows} rows with "
                               f"columns {out.schema.names} for {batch.num_rows} rows and {list(check.signals)}")
        schema = check.schema()
        return (out.cast(schema) if out.schema != schema else out), None
    except AuditError:
        raise
    except Exception as exc:  # noqa: BLE001 - stored as data per row, reported in summary.json
        return check.empty_signals(batch.num_rows), f"{type(exc).__name__}: {exc}"[:MAX_REASON_CHARS]


def failed_status(check: Check, num_rows: int) -> pa.Array:
    return pa.array(np.full(num_rows, f"error:{check.name}_failed", dtype=object), pa.string())


def assemble_signals(identity: list[pa.Array], outputs: list[tuple[Check, pa.RecordBatch, pa.Array | None]],
                     schema: pa.Schema) -> pa.RecordBatch:
    """identity columns + combined status + every check's signals, in run order.

    `outputs` holds, per check, its signals and either None or a status array marking the rows it failed on.
    """
    n = len(identity[0])
    statuses: list[pa.Array] = []
    columns: list[pa.Array] = []
    for _check, signals, failed in outputs:
        if failed is not None:
            statuses.append(failed)
        for name in signals.schema.names:
            column = signals.column(name)
            columns.append(column)
            if name.endswith("_status"):
                statuses.append(column)
    return pa.RecordBatch.from_arrays([*identity, combine_status(statuses, n), *columns], schema=schema)
