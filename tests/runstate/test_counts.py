"""Per-unit counts survive JSON with their key types (None, bool, str) and add up like a single run."""

from __future__ import annotations

import json

import pyarrow as pa

from auditor.aggregate import RunCounts
from auditor.policy.evaluate import FINDINGS_SCHEMA, Counts
from auditor.runstate.counts import merge_policy_counts, merge_run_counts, run_counts_to_json


def signals(status, families, consent):
    return pa.RecordBatch.from_pydict({
        "status": status, "source_file": pa.array(["f"] * len(status)).dictionary_encode(),
        "license_family": pa.array(families).dictionary_encode(), "consent": pa.array(consent, pa.bool_())})


def test_json_round_trip_equals_direct_counting():
    parts = [signals(["ok", "error:x"], ["cc-by", None], [True, None]),
             signals(["ok", "ok", "skipped:y"], [None, "cc-by", "unknown"], [False, False, None])]
    direct, merged = RunCounts(), RunCounts()
    for batch in parts:
        direct.add(batch, FINDINGS_SCHEMA.empty_table())
        unit = RunCounts()
        unit.add(batch, FINDINGS_SCHEMA.empty_table())
        merge_run_counts(merged, json.loads(json.dumps(run_counts_to_json(unit))))
    assert merged == direct
    assert merged.by_license_family[None] == 2 and merged.extra["consent"][False] == 2
    assert merged.extra["consent"][None] == 2 and True in merged.extra["consent"]


def test_policy_counts_merge():
    total = Counts(per_rule={"A": 0, "B": 0})
    merge_policy_counts(total, Counts(rows=5, per_rule={"A": 2}, per_category={"privacy": 2},
                                      rows_with_findings=2).to_dict())
    merge_policy_counts(total, Counts(rows=3, per_rule={"A": 1, "B": 3}, rows_with_findings=3).to_dict())
    assert total.rows == 8 and total.per_rule == {"A": 3, "B": 3} and total.rows_with_findings == 5
