"""The CI gate: turn run totals into pass/fail with reasons a reviewer can read.

Fails when any rule with severity >= `fail_on` has findings, or when any dataset-level threshold is
exceeded (thresholds fail the gate whatever `fail_on` is: they are an explicit limit someone set).
Reasons name rule/threshold ids and counts only - never row data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.policy.evaluate import Counts
from auditor.policy.models import Severity
from auditor.policy.policy import Policy


@dataclass(frozen=True)
class ThresholdOutcome:
    id: str
    title: str
    severity: Severity
    count: int
    share: float
    limit: str
    exceeded: bool

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "severity": self.severity.value, "count": self.count,
                "share": self.share, "limit": self.limit, "exceeded": self.exceeded}


@dataclass(frozen=True)
class GateResult:
    passed: bool
    reasons: list[str]
    fail_on: Severity = Severity.HIGH
    thresholds: list[ThresholdOutcome] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"passed": self.passed, "fail_on": self.fail_on.value, "reasons": list(self.reasons),
                "thresholds": [t.to_dict() for t in self.thresholds]}


def gate(counts: Counts, total_rows: int, fail_on: Severity, policy: Policy) -> GateResult:
    """Verdict over the whole run's counts (summed over batches)."""
    reasons: list[str] = []
    for r in sorted(policy.rules, key=lambda r: (-r.severity.rank, r.id)):
        n = counts.per_rule.get(r.id, 0)
        if n and r.severity >= fail_on:
            reasons.append(f"{r.id} ({r.severity.value} >= {fail_on.value}): {n} row{'s' * (n != 1)} "
                           f"- {r.rule.title}")
    outcomes = []
    for t in policy.thresholds:
        n = counts.per_threshold.get(t.id, 0)
        share = n / total_rows if total_rows else 0.0
        if t.max_share is not None:
            exceeded, limit = share > t.max_share, f"share <= {t.max_share:.4%}"
        else:
            exceeded, limit = n > (t.max_count or 0), f"count <= {t.max_count}"
        outcomes.append(ThresholdOutcome(t.id, t.title, t.severity, n, share, limit, exceeded))
        if exceeded:
            reasons.append(f"threshold {t.id} exceeded: {n} of {total_rows} rows ({share:.2%}); "
                           f"limit {limit} - {t.title}")
    return GateResult(not reasons, reasons, fail_on, outcomes)
