"""findings.csv: every finding, one click from the report (which shows only a few examples per rule).

Streamed from findings.parquet batch by batch (Arrow's CSV writer, no Python per row). Cells that a
spreadsheet would run as a formula (starting with = + - @ or a tab/CR) get a leading apostrophe, the
OWASP advice for CSV injection: keys and evidence come from the dataset.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from auditor.limits import BATCH_ROWS
from auditor.sinks import umask

COLUMNS = ["key", "rule_id", "category", "severity", "source_file", "row_index", "evidence"]
_FORMULA = r"^[=+\-@\t\r]"


def defuse(arr: pa.Array) -> pa.Array:
    """Strings that could start a spreadsheet formula, prefixed with an apostrophe.

    A dictionary column (rule, category, evidence, file: a few distinct values over many findings) is defused on
    its dictionary only and stays encoded, which Arrow's CSV writer accepts: the cost follows the distinct values,
    not the number of findings (issue #23).
    """
    if pa.types.is_dictionary(arr.type):
        return pa.DictionaryArray.from_arrays(arr.indices, _defuse_text(arr.dictionary))
    return _defuse_text(arr)


def _defuse_text(arr: pa.Array) -> pa.Array:
    text = arr.cast(pa.string())
    risky = pc.fill_null(pc.match_substring_regex(text, _FORMULA), False)
    if not pc.any(risky).as_py():
        return text
    return pc.if_else(risky, pc.binary_join_element_wise("'", text, ""), text)


def write_findings_csv(parquet_path: Path, csv_path: Path) -> Path:
    pf = pq.ParquetFile(parquet_path)
    cols = [c for c in COLUMNS if c in pf.schema_arrow.names]
    tmp = csv_path.with_name(f".{csv_path.name}.partial")
    writer = None
    try:
        for batch in pf.iter_batches(columns=cols, batch_size=BATCH_ROWS):
            arrays = [batch.column(i) if pa.types.is_integer(batch.schema.field(i).type) else defuse(batch.column(i))
                      for i in range(batch.num_columns)]
            out = pa.RecordBatch.from_arrays(arrays, names=cols)
            if writer is None:
                writer = pacsv.CSVWriter(str(tmp), out.schema)
            writer.write_batch(out)
        if writer is None:  # no findings: a header-only file
            tmp.write_text(",".join(f'"{c}"' for c in cols) + "\n", encoding="utf-8")
        else:
            writer.close()
            writer = None
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, csv_path)
    finally:
        if writer is not None:
            writer.close()
        tmp.unlink(missing_ok=True)
    return csv_path
