"""Per-unit counts as JSON, so a resumed run's summary equals an uninterrupted run's.

Counter keys can be None (null signal values), booleans or strings; JSON object keys cannot hold that
faithfully, so counters are stored as [key, count] pairs and come back with the same key types.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from auditor.aggregate import RunCounts
from auditor.policy.evaluate import Counts
from auditor.records import CheckFailure


def _pairs(counter: Counter) -> list[list[Any]]:
    return [[k, int(v)] for k, v in counter.items()]


def _counter(pairs: list[list[Any]]) -> Counter:
    return Counter({k: v for k, v in pairs})


def run_counts_to_json(c: RunCounts) -> dict[str, Any]:
    return {"rows_out": c.rows_out, "by_status": _pairs(c.by_status),
            "by_license_family": _pairs(c.by_license_family), "by_file": _pairs(c.by_file),
            "findings_by_severity": _pairs(c.findings_by_severity),
            "extra": {name: _pairs(v) for name, v in c.extra.items()}}


def merge_run_counts(total: RunCounts, data: dict[str, Any]) -> None:
    total.rows_out += data["rows_out"]
    total.by_status.update(_counter(data["by_status"]))
    total.by_license_family.update(_counter(data["by_license_family"]))
    total.by_file.update(_counter(data["by_file"]))
    total.findings_by_severity.update(_counter(data["findings_by_severity"]))
    for name, pairs in data["extra"].items():
        total.extra[name].update(_counter(pairs))


def merge_policy_counts(total: Counts, data: dict[str, Any]) -> None:
    total += Counts(rows=data["rows"], per_rule=data["per_rule"], per_category=data["per_category"],
                    per_threshold=data["per_threshold"], rows_with_findings=data["rows_with_findings"])


def merge_failures(total: dict[tuple[str, str], CheckFailure], items: list[dict[str, Any]]) -> None:
    for item in items:
        failure = total.setdefault((item["check"], item["error"]), CheckFailure(item["check"], item["error"], 0))
        failure.rows += item["rows"]
