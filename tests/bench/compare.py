"""Compare scan outputs by value: used by the engine benchmark and the engine/resume/remote tests.

Checks may keep caches across batches (the license check does), so the order of values inside a batch's
dictionary depends on what the process saw before: a resumed run or a Ray actor may encode the same
values with another dictionary. Keys, values and row order must still be identical, so comparisons
decode dictionary columns first.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def decoded(table: pa.Table) -> pa.Table:
    fields = [pa.field(f.name, f.type.value_type) if pa.types.is_dictionary(f.type) else f for f in table.schema]
    return table.cast(pa.schema(fields))


def read_decoded(path: Path) -> pa.Table:
    return decoded(pq.read_table(path))
