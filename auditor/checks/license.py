"""License evidence per row, computed on distinct values only.

License columns repeat heavily (LAION's `?` is most rows), so the check dictionary-encodes the column,
maps the batch's distinct values to slots of a registry where each raw value is normalized once
(auditor.checks.license_registry), and builds every output column by gathering with the row indices
(auditor.checks.gather): no Python object per row, Python only over each batch's distinct values.

`license_name` (CommonCatalog's `licensename`) is a fallback: it is used for a row only when `license`
says nothing (null, `?`, unrecognized) and `license_name` does. `license_evidence` says which column
and raw value decided (`license=CC BY-SA 4.0`); it is null when no column had a value. A value that
offers several licenses (`GFDL or CC BY-SA 3.0`) gets the chosen option's facts, and its evidence says
which alternatives there were, which was chosen and why (auditor.checks.license_choice).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from auditor.checks.base import Check, CheckOptions
from auditor.checks.gather import gather_dictionary
from auditor.checks.license_data import data_file_facts, spdx_source
from auditor.checks.license_registry import DICT_SIGNALS, FACT_SIGNALS, LicenseRegistry
from auditor.sources.canonical import has_column
from auditor.stats import Stats

DICT = pa.dictionary(pa.int32(), pa.string())


class LicenseOptions(CheckOptions):
    #: raw values longer than this are cut in license_evidence (prose, HTML)
    evidence_max_chars: int = Field(200, ge=16)
    #: distinct raw values remembered across batches; the registry starts over when it grows past this
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
        self._registry = LicenseRegistry()
        self._last: dict[str, tuple[pa.Array, _Encoded]] = {}
        self._distinct_seen = 0
        self._rows = 0

    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        n = batch.num_rows
        self._rows += n
        present = [c for c in self.input_columns if has_column(batch, c)]
        if not present:
            return self._all_unknown(n)
        if len(self._registry) > self.options.cache_size:  # bound memory on endless distinct values
            self._registry = LicenseRegistry()
            self._last.clear()
        first = self._encoded(batch, present[0])
        slots = first.slots[first.idx]
        evidence_idx, evidence = first.idx, first.evidence
        if len(present) == 2:
            second = self._encoded(batch, present[1])
            second_slots = second.slots[second.idx]
            unknown = self._registry.unknown()
            use = unknown[slots] & ~unknown[second_slots]
            slots = np.where(use, second_slots, slots)
            evidence_idx = np.where(use, second.idx + np.int32(len(first.evidence)), first.idx)
            evidence = pa.concat_arrays([first.evidence, second.evidence])
        cols = {name: self._registry.gather(name, slots) for name in (*DICT_SIGNALS, *FACT_SIGNALS)}
        enc = pc.dictionary_encode(evidence)  # unique, null-free evidence dictionary (small)
        codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
        cols["license_evidence"] = gather_dictionary(codes, enc.dictionary, evidence_idx)
        return pa.RecordBatch.from_arrays([cols[c] for c in self.signals], schema=self.schema())

    def _encoded(self, batch: pa.RecordBatch, column: str) -> _Encoded:
        """Row indices into this batch's distinct values, their registry slots and evidence strings."""
        arr = batch.column(batch.schema.get_field_index(column))
        if not pa.types.is_dictionary(arr.type):
            arr = pc.dictionary_encode(arr)
        dictionary = arr.dictionary
        if not pa.types.is_string(dictionary.type):
            dictionary = pc.cast(dictionary, pa.string())
        indices = arr.indices
        if indices.type != pa.int32():
            indices = pc.cast(indices, pa.int32())
        if indices.null_count:
            indices = pc.fill_null(indices, len(dictionary))  # the trailing null slot
        idx = indices.to_numpy(zero_copy_only=False)
        last = self._last.get(column)
        if last is not None and last[0].equals(dictionary):  # a parquet dictionary, repeated
            return _Encoded(idx, last[1].slots, last[1].evidence)
        before = len(self._registry)
        slots = self._registry.slots(dictionary.to_pylist())
        self._distinct_seen += len(self._registry) - before
        cut = pc.utf8_slice_codeunits(dictionary, 0, self.options.evidence_max_chars)
        suffix = self._registry.note_suffixes(slots[:-1])
        evidence = pa.concat_arrays([pc.binary_join_element_wise(f"{column}=", cut, suffix, ""),
                                     pa.nulls(1, pa.string())])
        self._last[column] = (dictionary, _Encoded(idx, slots, evidence))
        return _Encoded(idx, slots, evidence)

    def _all_unknown(self, n: int) -> pa.RecordBatch:
        """No license column at all: family unknown, facts and evidence null."""
        zeros = pa.array(np.zeros(n, dtype=np.int32))
        cols = {name: pa.nulls(n, typ) for name, typ in self.signals.items()}
        cols["license_family"] = pa.DictionaryArray.from_arrays(zeros, pa.array(["unknown"]))
        cols["license_match"] = pa.DictionaryArray.from_arrays(zeros, pa.array(["no-column"]))
        return pa.RecordBatch.from_arrays([cols[c] for c in self.signals], schema=self.schema())

    #: a process normalizes a value once (its registry); resumed and Ray runs have several processes
    volatile_facts = ("distinct_values_normalized",)

    def counters(self) -> Stats:
        return Stats({"rows": self._rows, "distinct_values_normalized": self._distinct_seen})

    def describe(self, stats: Stats | None = None) -> dict[str, Any]:
        s = self.counters() if stats is None else stats
        return {
            "spdx_ids": spdx_source(),
            "facts": data_file_facts("licenses.yaml"),
            "fallback": "license_name when license is unknown",
            "rows": s.get("rows"),
            "distinct_values_normalized": s.get("distinct_values_normalized"),
        }



@dataclass(frozen=True, slots=True)
class _Encoded:
    """One input column of one batch: row -> distinct index (null rows -> the trailing slot)."""

    idx: np.ndarray  # int32 per row, no nulls
    slots: np.ndarray  # distinct index -> registry slot (trailing entry: the null slot)
    evidence: pa.Array  # distinct index -> "column=raw" (trailing entry: null)
