"""RunTotals / UnitTally / ExampleSelection (auditor.runstate.totals): a run's totals summed from unit markers
through JSON equal one tally of all the batches, and examples keep the first EXAMPLES_PER_RULE per rule in unit
order."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from auditor.aggregate import EXAMPLES_PER_RULE, EXAMPLES_SCHEMA
from auditor.policy.evaluate import Counts
from auditor.records import CheckFailure, FileError
from auditor.runstate.counts import run_counts_to_json
from auditor.runstate.totals import ExampleSelection, RunTotals, UnitTally
from auditor.scan_hooks import Evaluated
from auditor.stats import Stats


def _signals(n: int, start: int, status: str) -> pa.RecordBatch:
    return pa.record_batch({"key": [f"f.parquet#{i}" for i in range(start, start + n)],
                            "source_file": ["f.parquet"] * n, "status": [status] * n})


def _result(n: int, flagged: int) -> Evaluated:
    counts = Counts(rows=n, per_rule={"R1": flagged}, per_category={"privacy": flagged},
                    per_threshold={}, rows_with_findings=flagged)
    return Evaluated(pa.table({"rule_id": pa.array([], pa.string()), "severity": pa.array([], pa.string())}),
                     counts, None, Stats({"rows_sampled": n}))


@pytest.mark.parametrize("units", [[(3, 1, "ok")], [(3, 1, "ok"), (5, 0, "skipped:sample"), (2, 2, "ok")]])
def test_totals_from_markers_equal_one_tally(units):
    totals, whole = RunTotals(Counts()), UnitTally()
    start = 0
    for i, (n, flagged, status) in enumerate(units):
        tally = UnitTally()
        for t in (tally, whole):
            t.add(_signals(n, start, status), _signals(n, start, status), _result(n, flagged))
        failures = {("pii", "boom"): CheckFailure("pii", "boom", n)}
        error = FileError("f.parquet", "read_failed: truncated", 7, "read") if i == 1 else None
        marker = json.loads(json.dumps(tally.marker(f"u{i}", n, failures, error, {"pii": Stats({"spans": n})})))
        totals.merge(stream=0, marker=marker)
        start += n
    rows = sum(n for n, _f, _s in units)
    assert totals.units_done == len(units)
    assert totals.rows_read[0] == rows
    assert run_counts_to_json(totals.counts) == run_counts_to_json(whole.counts)
    assert totals.policy_counts.to_dict() == whole.policy.to_dict()
    assert totals.policy_counts.rows_with_findings == sum(f for _n, f, _s in units)
    assert totals.hook_stats == whole.hook_stats
    assert totals.check_stats["pii"] == Stats({"spans": rows})
    assert totals.failures[("pii", "boom")].rows == rows
    assert [e.file for e in totals.file_errors] == (["f.parquet"] if len(units) > 1 else [])


def _examples(rule: str, keys: range) -> pa.Table:
    n = len(keys)
    return pa.table({"rule_id": [rule] * n, "key": [f"k{i}" for i in keys], "url": [None] * n,
                     "caption": [None] * n, "evidence": ["{}"] * n, "pii_spans": [None] * n}, schema=EXAMPLES_SCHEMA)


def test_examples_first_per_rule_in_unit_order():
    chosen = ExampleSelection()
    chosen.take(_examples("A", range(0, EXAMPLES_PER_RULE - 5)))
    chosen.take(EXAMPLES_SCHEMA.empty_table())
    chosen.take(pa.concat_tables([_examples("A", range(1000, 1010)), _examples("B", range(2000, 2003))]))
    chosen.take(_examples("A", range(3000, 3010)))  # A is full: nothing more
    table = chosen.table()
    a = [k for r, k in zip(table.column("rule_id").to_pylist(), table.column("key").to_pylist()) if r == "A"]
    assert len(a) == EXAMPLES_PER_RULE
    assert a[-5:] == [f"k{i}" for i in range(1000, 1005)]
    assert table.column("rule_id").to_pylist().count("B") == 3
    assert table.schema == EXAMPLES_SCHEMA
