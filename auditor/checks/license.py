"""License evidence per row, computed on distinct values only.

License columns repeat heavily (LAION's `?` is most rows), so the check dictionary-encodes the column,
normalizes the dictionary once (with a cache across batches, and reuse while a parquet dictionary
repeats), and builds every output column by gathering per-distinct results with the row indices
(auditor.checks.gather): no Python object per row, O(distinct) Python.

`license_name` (CommonCatalog's `licensename`) is a fallback: it is used for a row only when `license`
says nothing (null, `?`, unrecognized) and `license_name` does. `license_evidence` says which column
and raw value decided (`license=CC BY-SA 4.0`); it is null when no column had a value.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from auditor.checks.base import Check, CheckOptions
from auditor.checks.gather import gather_bool, gather_dictionary
from auditor.checks.license_data import spdx_source
from auditor.checks.license_normalize import Normalized, normalize_one, to_table
from auditor.sources.canonical import has_column

DICT = pa.dictionary(pa.int32(), pa.string())
_FACTS = ("license_commercial", "license_derivatives", "license_share_alike", "license_attribution")
_DICT_SIGNALS = ("license_id", "license_family", "license_evidence", "license_match")


class LicenseOptions(CheckOptions):
    #: raw values longer than this are cut in license_evidence (prose, HTML)
    evidence_max_chars: int = Field(200, ge=16)
    #: distinct raw values remembered across batches; the cache is emptied when it grows past this
    cache_size: int = Field(200_000, ge=1)


class LicenseCheck(Check):
    """Normalize `license` (and `license_name` as fallback) into SPDX id, family and facts."""

    name: ClassVar[str] = "license"
    input_columns: ClassVar[tuple[str, ...]] = ("license", "license_name")
    signals: ClassVar[dict[str, pa.DataType]] = {
        "license_id": DICT,
        "license_family": DICT,
        "license_commercial": pa.bool_(),
        "license_derivatives": pa.bool_(),
        "license_share_alike": pa.bool_(),
        "license_attribution": pa.bool_(),
        "license_evidence": DICT,
        "license_match": DICT,
    }
    Options: ClassVar[type[CheckOptions]] = LicenseOptions

    def __init__(self, options: CheckOptions | None = None) -> None:
        super().__init__(options)
        self._cache: dict[str, Normalized] = {}
        self._last: dict[str, tuple[pa.Array, _Lookup]] = {}
        self._distinct_seen = 0

    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        n = batch.num_rows
        present = [c for c in self.input_columns if has_column(batch, c)]
        if not present:
            return self._all_unknown(n)
        idx, lookup = self._encoded(batch, present[0])
        if len(present) == 2:
            idx, lookup = self._with_fallback(batch, idx, lookup, present[1])
        return pa.RecordBatch.from_arrays([lookup.gather(c, idx) for c in self.signals],
                                          schema=self.schema())

    # -- per batch, vectorized ---------------------------------------------------------------------
    def _encoded(self, batch: pa.RecordBatch, column: str) -> tuple[np.ndarray, _Lookup]:
        """Row indices (int32, no nulls) into the normalized values of this column's distinct values."""
        arr = batch.column(batch.schema.get_field_index(column))
        if not pa.types.is_dictionary(arr.type):
            arr = pc.dictionary_encode(arr)
        dictionary = arr.dictionary
        if not pa.types.is_string(dictionary.type):
            dictionary = pc.cast(dictionary, pa.string())
        lookup = self._normalized(column, dictionary)
        indices = arr.indices
        if indices.type != pa.int32():
            indices = pc.cast(indices, pa.int32())
        if indices.null_count:
            indices = pc.fill_null(indices, len(dictionary))  # the null slot at the end of the lookup
        return indices.to_numpy(zero_copy_only=False), lookup

    def _with_fallback(self, batch: pa.RecordBatch, idx: np.ndarray, lookup: _Lookup,
                       column: str) -> tuple[np.ndarray, _Lookup]:
        """Use `column` for rows where the primary column is unknown and `column` is not."""
        name_idx, name_lookup = self._encoded(batch, column)
        use_name = lookup.unknown[idx] & ~name_lookup.unknown[name_idx]
        combined = np.where(use_name, name_idx + np.int32(lookup.size), idx).astype(np.int32, copy=False)
        return combined, _Lookup(pa.concat_tables([lookup.table, name_lookup.table]))

    def _all_unknown(self, n: int) -> pa.RecordBatch:
        """No license column at all: family unknown, facts and evidence null."""
        zeros = pa.array(np.zeros(n, dtype=np.int32))
        cols = {name: pa.nulls(n, typ) for name, typ in self.signals.items()}
        cols["license_family"] = pa.DictionaryArray.from_arrays(zeros, pa.array(["unknown"]))
        cols["license_match"] = pa.DictionaryArray.from_arrays(zeros, pa.array(["no-column"]))
        return pa.RecordBatch.from_arrays([cols[c] for c in self.signals], schema=self.schema())

    # -- per distinct value ------------------------------------------------------------------------
    def _normalized(self, column: str, dictionary: pa.Array) -> _Lookup:
        """Normalized rows for `dictionary` plus one final row for null; reused while it repeats."""
        last = self._last.get(column)
        if last is not None and last[0].equals(dictionary):
            return last[1]
        values = dictionary.to_pylist()
        misses = [v for v in values if v not in self._cache]
        if len(self._cache) + len(misses) > self.options.cache_size:
            self._cache.clear()
        for v in misses:
            self._cache[v] = normalize_one(v)
        self._distinct_seen += len(misses)
        rows = [self._cache[v] if v in self._cache else normalize_one(v) for v in values]
        rows.append(normalize_one(None))
        table = to_table(rows)
        evidence = pc.binary_join_element_wise(
            f"{column}=", pc.utf8_slice_codeunits(dictionary, 0, self.options.evidence_max_chars), "")
        evidence = pa.concat_arrays([evidence, pa.nulls(1, pa.string())])
        table = table.append_column("license_evidence", evidence)
        lookup = _Lookup(table)
        self._last[column] = (dictionary, lookup)
        return lookup

    def describe(self) -> dict[str, Any]:
        return {
            "spdx_ids": spdx_source(),
            "facts": "auditor/data/licenses.yaml",
            "fallback": "license_name when license is unknown",
            "distinct_values_normalized": self._distinct_seen,
        }


class _Lookup:
    """Normalized values per distinct raw value, laid out for cheap gathers by row index.

    Dictionary signals keep one int32 code per entry into a unique, null-free dictionary (-1 = null);
    boolean signals keep a value and a validity array. A row gather is then a numpy fancy-index on
    int32/bool arrays plus bit packing (auditor.checks.gather).
    """

    def __init__(self, table: pa.Table) -> None:
        self.table = table
        self.size = table.num_rows
        self.codes: dict[str, tuple[np.ndarray, pa.Array]] = {}
        self.bools: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name in _DICT_SIGNALS:
            enc = pc.dictionary_encode(table[name].combine_chunks())
            codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
            self.codes[name] = (codes, enc.dictionary)
        for name in _FACTS:
            col = table[name].combine_chunks()
            valid = col.is_valid().to_numpy(zero_copy_only=False)
            values = pc.fill_null(col, False).to_numpy(zero_copy_only=False)
            self.bools[name] = (values, valid)
        self.unknown = pc.equal(table["license_family"], "unknown").combine_chunks().to_numpy(
            zero_copy_only=False)

    def gather(self, name: str, idx: np.ndarray) -> pa.Array:
        if name in self.codes:
            codes, dictionary = self.codes[name]
            return gather_dictionary(codes, dictionary, idx)
        values, valid = self.bools[name]
        return gather_bool(values, valid, idx)
