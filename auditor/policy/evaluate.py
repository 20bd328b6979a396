"""Evaluate compiled conditions over a batch of signals and build the findings batch.

A condition becomes one boolean mask per rule (nulls filled with False: a comparison with an unknown
value never matches; `not` negates the filled mask, so `not (license_commercial == true)` matches rows
whose commercial status is unknown). Findings are gathered with the mask's indices; constant columns
(rule_id, category, severity, message) are dictionary arrays sharing one policy-wide dictionary, so a
million findings cost a million int32 indices, not a million strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor.policy.condition_ast import And, Node, Not, Or
from auditor.policy.evidence import EVIDENCE_TYPE
from auditor.policy.operators import DEFAULT_TABLE
from auditor.policy.optable import OperatorTable

_DICT = pa.dictionary(pa.int32(), pa.string())
#: `source_file` + `row_index` name the input row even where dataset ids repeat (`key` alone may not)
FINDINGS_SCHEMA = pa.schema([
    pa.field("key", pa.string()),
    pa.field("source_file", _DICT),
    pa.field("row_index", pa.int64()),
    pa.field("rule_id", _DICT),
    pa.field("category", _DICT),
    pa.field("severity", _DICT),
    pa.field("message", _DICT),
    pa.field("evidence", EVIDENCE_TYPE),
])


def _raw_mask(node: Node, batch: pa.RecordBatch, table: OperatorTable) -> pa.Array:
    """`and`/`or`/`not` combine filled masks; every other node is computed by its operator."""
    if isinstance(node, Not):
        return pc.invert(mask(node.operand, batch, table))
    if isinstance(node, And | Or):
        combine = pc.and_ if isinstance(node, And) else pc.or_
        out = mask(node.operands[0], batch, table)
        for o in node.operands[1:]:
            out = combine(out, mask(o, batch, table))
        return out
    return table[node.op].evaluate(node, batch)


def mask(node: Node, batch: pa.RecordBatch, table: OperatorTable = DEFAULT_TABLE) -> pa.BooleanArray:
    """Boolean mask without nulls: True where the condition holds for the row."""
    result = _raw_mask(node, batch, table)
    if isinstance(result, pa.ChunkedArray):
        result = result.combine_chunks()
    return pc.fill_null(result, False) if result.null_count else result


@dataclass
class Counts:
    """Running totals for summary.json and the gate; `+=` merges batches (and workers)."""

    rows: int = 0
    per_rule: dict[str, int] = field(default_factory=dict)
    per_category: dict[str, int] = field(default_factory=dict)  # rows with >= 1 finding in the category
    per_threshold: dict[str, int] = field(default_factory=dict)  # rows counted by each threshold
    rows_with_findings: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.rows += other.rows
        self.rows_with_findings += other.rows_with_findings
        for mine, theirs in ((self.per_rule, other.per_rule), (self.per_category, other.per_category),
                             (self.per_threshold, other.per_threshold)):
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v
        return self

    def to_dict(self) -> dict[str, object]:
        return {"rows": self.rows, "rows_with_findings": self.rows_with_findings,
                "per_rule": dict(self.per_rule), "per_category": dict(self.per_category),
                "per_threshold": dict(self.per_threshold)}


@dataclass
class BatchResult:
    """Findings of one batch (a Table with one chunk per rule that matched) and its counts."""

    findings: pa.Table
    counts: Counts


def _identity(signals: pa.RecordBatch, rows: pa.Array) -> list[pa.Array]:
    """key, source_file, row_index of the finding rows (nulls where a caller's batch has no identity)."""
    names = signals.schema.names
    key = signals.column("key").take(rows)
    if pa.types.is_dictionary(key.type):
        key = key.dictionary_decode()
    if key.type != pa.string():
        key = pc.cast(key, pa.string())
    if "source_file" in names:
        source = signals.column("source_file").take(rows)
        if not pa.types.is_dictionary(source.type):
            source = pc.dictionary_encode(pc.cast(source, pa.string()))
        elif source.type != _DICT:
            source = source.cast(_DICT)
    else:
        source = pa.nulls(len(rows), _DICT)
    index = signals.column("row_index").take(rows).cast(pa.int64()) if "row_index" in names \
        else pa.nulls(len(rows), pa.int64())
    return [key, source, index]


def build_findings(signals: pa.RecordBatch, parts: list[tuple[np.ndarray, dict[str, int], pa.Array]],
                   dictionaries: dict[str, pa.Array]) -> pa.Table:
    """Findings table with one chunk per rule: (row indices, dictionary codes, evidence) each.

    Row identity is gathered once for all rules and sliced (zero-copy) per chunk; evidence arrays are
    used as they are, so no finding string is copied twice.
    """
    if not parts:
        return FINDINGS_SCHEMA.empty_table()
    identity = _identity(signals, pa.array(np.concatenate([p[0] for p in parts])))
    batches, start = [], 0
    for idx, codes, evidence in parts:
        n = len(idx)
        columns = [a.slice(start, n) for a in identity]
        for name in ("rule_id", "category", "severity", "message"):
            indices = pa.array(np.full(n, codes[name], dtype=np.int32))
            columns.append(pa.DictionaryArray.from_arrays(indices, dictionaries[name]))
        columns.append(evidence)
        batches.append(pa.RecordBatch.from_arrays(columns, schema=FINDINGS_SCHEMA))
        start += n
    return pa.Table.from_batches(batches, schema=FINDINGS_SCHEMA)
