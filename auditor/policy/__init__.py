"""Policy engine: YAML rules -> validated, compiled conditions -> vectorized findings -> CI gate.

Public API (what the engine and CLI call):
    load_policies(paths, known_signals) -> Policy
    Policy.required_signals, Policy.rules_needing(missing), Policy.restricted_to(available)
    Policy.evaluate(signals_batch) -> findings RecordBatch; Policy.evaluate_batch(...) -> BatchResult
    Policy.empty_counts() -> Counts (merge batch counts with +=)
    gate(counts, total_rows, fail_on, policy) -> GateResult
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
