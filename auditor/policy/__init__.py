"""Policy engine: YAML rules -> validated, compiled conditions -> vectorized findings -> CI gate.

Public API (what the engine and CLI call):
    load_policies(paths, known_signals) -> Policy          # raises ConfigError(file, line, key path)
    Policy.required_signals -> set[str]                     # to choose checks
    Policy.rules_needing(missing) / Policy.restricted_to(available) -> (Policy, not_evaluated rules)
    Policy.evaluate_batch(signals) -> BatchResult(findings: pa.Table, counts: Counts)
    Policy.evaluate(signals) -> pa.RecordBatch               # same findings, one batch
    Policy.empty_counts() -> Counts; counts += result.counts; Counts.to_dict()
    Policy.sources -> PolicySource(path, sha256, name, description) per file
    gate(counts, total_rows, fail_on, policy) -> GateResult(passed, reasons, fail_on, thresholds)
    auditor.policy.describe: policy_dict, rule_dict; auditor.policy.packs: bundled_packs, default_policy_path
    (the rich renderables of `audit rules ...` live in the CLI layer: auditor.cli_rules_view)
"""

from auditor.policy.evaluate import FINDINGS_SCHEMA, BatchResult, Counts
from auditor.policy.gate import GateResult, gate
from auditor.policy.loader import file_sha256, load_policies
from auditor.policy.models import BUILTIN_CATEGORIES, Rule, Severity, Threshold
from auditor.policy.policy import CompiledRule, Policy, PolicySource

__all__ = [
    "BUILTIN_CATEGORIES",
    "FINDINGS_SCHEMA",
    "BatchResult",
    "CompiledRule",
    "Counts",
    "GateResult",
    "Policy",
    "PolicySource",
    "Rule",
    "Severity",
    "Threshold",
    "file_sha256",
    "gate",
    "load_policies",
]
