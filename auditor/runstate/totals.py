"""What a run's summary is made of, kept apart from the files that hold it (auditor.runstate.parts).

`UnitTally` counts one unit while it runs and becomes that unit's completion marker; `RunTotals` sums the
markers of every finished unit - this attempt's, an earlier attempt's (resume), a Ray actor's - so the summary
of a resumed or distributed run equals an uninterrupted one's (datatrove's per-rank stats, summed). The
examples are chosen separately (`ExampleSelection`): the first EXAMPLES_PER_RULE per rule in unit order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from auditor.aggregate import EXAMPLES_PER_RULE, EXAMPLES_SCHEMA, ExampleCollector, RunCounts
from auditor.policy.evaluate import Counts
from auditor.records import CheckFailure, FileError
from auditor.runstate.counts import merge_failures, merge_policy_counts, merge_run_counts, run_counts_to_json
from auditor.stats import Stats, sum_stats


@dataclass
class UnitTally:
    """One unit's counts while it runs; `marker` turns them into the JSON its completion marker holds."""

    counts: RunCounts = field(default_factory=RunCounts)
    policy: Counts = field(default_factory=Counts)
    hook_stats: Stats = field(default_factory=Stats)
    examples: ExampleCollector = field(default_factory=ExampleCollector)

    def add(self, batch: pa.RecordBatch, signals: pa.RecordBatch, result: Any) -> None:
        """`result`: the policy's result for the batch (findings, counts, stats: auditor.scan_hooks.Evaluated)."""
        self.counts.add(signals, result.findings)
        self.policy += result.counts
        self.hook_stats += result.stats
        self.examples.add(batch, signals, result.findings)

    def marker(self, unit_id: str, rows_read: int, failures: dict, file_error: FileError | None,
               check_stats: dict[str, Stats] | None) -> dict[str, Any]:
        return {"unit": unit_id, "rows_read": rows_read,
                "run_counts": run_counts_to_json(self.counts),
                "policy_counts": self.policy.to_dict(), "hook_stats": self.hook_stats.to_json(),
                "check_stats": {name: st.to_json() for name, st in (check_stats or {}).items()},
                "check_failures": [f.as_dict() for f in failures.values()],
                "file_error": file_error.as_dict() if file_error else None}


@dataclass
class RunTotals:
    """Every finished unit's marker, summed (see the module docstring)."""

    policy_counts: Counts
    counts: RunCounts = field(default_factory=RunCounts)
    failures: dict[tuple[str, str], CheckFailure] = field(default_factory=dict)
    file_errors: list[FileError] = field(default_factory=list)
    rows_read: Counter = field(default_factory=Counter)  # stream index -> rows (formats without a row count)
    hook_stats: Stats = field(default_factory=Stats)
    #: check name -> its counters summed over every unit (this attempt's, earlier attempts', Ray actors')
    check_stats: dict[str, Stats] = field(default_factory=dict)
    units_done: int = 0

    def merge(self, stream: int, marker: dict[str, Any]) -> None:
        merge_run_counts(self.counts, marker["run_counts"])
        merge_policy_counts(self.policy_counts, marker["policy_counts"])
        merge_failures(self.failures, marker["check_failures"])
        self.hook_stats += Stats.from_json(marker["hook_stats"])
        sum_stats({name: Stats.from_json(st) for name, st in marker.get("check_stats", {}).items()}, self.check_stats)
        if marker["file_error"]:
            self.file_errors.append(FileError(**marker["file_error"]))
        self.rows_read[stream] += marker["rows_read"]
        self.units_done += 1


class ExampleSelection:
    """The first EXAMPLES_PER_RULE examples per rule over units taken in unit order (= an uninterrupted run's)."""

    def __init__(self) -> None:
        self._batches: list[pa.RecordBatch] = []
        self._taken: Counter = Counter()

    def take(self, examples: pa.Table) -> None:
        """One unit's examples; must be called in unit order."""
        if not examples.num_rows:
            return
        for rule in pc.unique(examples.column("rule_id")).to_pylist():
            room = EXAMPLES_PER_RULE - self._taken[rule]
            if room <= 0:
                continue
            rows = examples.filter(pc.equal(examples.column("rule_id"), rule)).slice(0, room)
            self._batches.extend(rows.to_batches())
            self._taken[rule] += rows.num_rows

    def table(self) -> pa.Table:
        return pa.Table.from_batches(self._batches, schema=EXAMPLES_SCHEMA)
