"""A policy as JSON-ready data: summary.json's `policy` section and `audit rules ... --json`."""

from __future__ import annotations

from typing import Any

from auditor.policy.policy import CompiledRule, Policy


def rule_dict(r: CompiledRule) -> dict[str, Any]:
    """One rule as JSON-ready data (for `--json` and summary.json's policy section)."""
    return {
        "id": r.id, "title": r.rule.title, "category": r.category, "severity": r.severity.value,
        "when": r.rule.when, "signals": sorted(r.condition_signals), "evidence": list(r.evidence),
        "message": r.rule.message, "how_to_fix": r.rule.how_to_fix, "defined_at": r.where,
    }


def policy_dict(policy: Policy) -> dict[str, Any]:
    return {
        "files": [{"path": s.path, "sha256": s.sha256, "name": s.name} for s in policy.sources],
        "categories": list(policy.categories),
        "rules": [rule_dict(r) for r in policy.rules],
        "thresholds": [t.model_dump(mode="json", exclude_none=True) for t in policy.thresholds],
    }
