"""A loaded, validated policy: compiled rules, thresholds, where they came from, and evaluation.

The engine asks a Policy which signals it needs (to choose checks), which rules cannot run because a
check did not run (reported as "not evaluated", never as a pass), and evaluates it batch by batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pyarrow as pa

from auditor.errors import ConfigError, InputError
from auditor.policy.condition_ast import Node, columns_of
from auditor.policy.evaluate import FINDINGS_SCHEMA, BatchResult, Counts, build_findings, mask
from auditor.policy.evidence import evidence_rows
from auditor.policy.models import Rule, Severity, Threshold
from auditor.policy.typecheck import type_kind


@dataclass(frozen=True)
class CompiledRule:
    """A validated rule with its parsed condition and where it was defined."""

    rule: Rule
    condition: Node
    evidence: tuple[str, ...]
    file: str
    line: int

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def category(self) -> str:
        return self.rule.category

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def condition_signals(self) -> tuple[str, ...]:
        return tuple(columns_of(self.condition))

    @property
    def signals(self) -> frozenset[str]:
        """Every signal the rule reads: its condition and its evidence."""
        return frozenset(self.condition_signals) | frozenset(self.evidence)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class PolicySource:
    """One loaded policy file, for summary.json (path and sha256) and `audit rules list`."""

    path: str
    sha256: str
    name: str
    description: str


@dataclass(frozen=True)
class Policy:
    rules: tuple[CompiledRule, ...]
    thresholds: tuple[Threshold, ...]
    categories: tuple[str, ...]
    sources: tuple[PolicySource, ...]
    signal_types: Mapping[str, pa.DataType]

    # ------------------------------------------------------------ planning

    @property
    def required_signals(self) -> set[str]:
        """Signal columns the rules read; the engine runs the checks that produce them."""
        return set().union(*(r.signals for r in self.rules)) if self.rules else set()

    def rules_needing(self, missing_signals: Iterable[str]) -> list[CompiledRule]:
        """Rules that cannot be evaluated because one of their signals is missing (check not run)."""
        missing = set(missing_signals)
        return [r for r in self.rules if r.signals & missing]

    def restricted_to(self, available_signals: Iterable[str]) -> tuple[Policy, list[CompiledRule]]:
        """(policy with only the rules whose signals are available, the rules left out).

        A threshold over an explicit list of rules that were all left out goes too: it could only
        ever count zero, which would read as a pass.
        """
        available = set(available_signals)
        dropped = self.rules_needing(self.required_signals - available)
        kept = tuple(r for r in self.rules if r not in dropped)
        kept_ids = {r.id for r in kept}
        thresholds = tuple(t for t in self.thresholds if t.rules is None or kept_ids & set(t.rules))
        return replace(self, rules=kept, thresholds=thresholds), dropped

    def rule(self, rule_id: str) -> CompiledRule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def threshold_rule_ids(self, threshold: Threshold) -> list[str]:
        if threshold.rules is not None:
            return list(threshold.rules)
        return [r.id for r in self.rules if r.category == threshold.category]

    # ------------------------------------------------------------ evaluation

    @cached_property
    def _dictionaries(self) -> dict[str, pa.Array]:
        messages = list(dict.fromkeys(r.rule.message for r in self.rules))
        return {
            "rule_id": pa.array([r.id for r in self.rules], pa.string()),
            "category": pa.array(list(self.categories), pa.string()),
            "severity": pa.array([s.value for s in Severity], pa.string()),
            "message": pa.array(messages, pa.string()),
        }

    @cached_property
    def _codes(self) -> dict[str, dict[str, int]]:
        messages = list(dict.fromkeys(r.rule.message for r in self.rules))
        severities = list(Severity)
        return {r.id: {"rule_id": i, "category": self.categories.index(r.category),
                       "severity": severities.index(r.severity), "message": messages.index(r.rule.message)}
                for i, r in enumerate(self.rules)}

    def evaluate(self, signals: pa.RecordBatch) -> pa.RecordBatch:
        """Findings for one batch as one RecordBatch: key, source_file, row_index, rule_id, category,
        severity, message, evidence.

        The engine should prefer evaluate_batch(), which also returns counts and leaves the findings
        as a per-rule chunked Table (no concatenation copy).
        """
        table = self.evaluate_batch(signals).findings.combine_chunks()
        batches = table.to_batches()
        return batches[0] if batches else pa.RecordBatch.from_pylist([], schema=FINDINGS_SCHEMA)

    def evaluate_batch(self, signals: pa.RecordBatch) -> BatchResult:
        """Findings plus per-rule / per-category / per-threshold counts for one batch."""
        names = set(signals.schema.names)
        if "key" not in names:
            raise InputError("signals batch has no 'key' column", column="key")
        missing = self.required_signals - names
        if missing:
            ids = ", ".join(r.id for r in self.rules_needing(missing))
            raise ConfigError(f"signals {sorted(missing)} are not in the batch, so rules {ids} cannot be "
                              "evaluated; drop them with Policy.restricted_to() and report them")
        self._check_types(signals)
        masks: dict[str, np.ndarray] = {}
        parts = []
        for r in self.rules:
            m = mask(r.condition, signals).to_numpy(zero_copy_only=False)
            masks[r.id] = m
            idx = np.flatnonzero(m)
            if len(idx):
                parts.append((idx, self._codes[r.id], evidence_rows(signals, r.evidence, idx)))
        findings = build_findings(signals, parts, self._dictionaries)
        return BatchResult(findings, self.counts_of(masks, signals.num_rows))

    def counts_of(self, masks: dict[str, np.ndarray], rows: int) -> Counts:
        """Per-rule / per-category / per-threshold row counts from each rule's row mask over `rows` rows.

        The one place counts are made: a batch's evaluation and the recount after waivers
        (auditor.scan_hooks.counts_from_findings) both call it with their masks.
        """
        counts = Counts(rows=rows)
        for rule_id, m in masks.items():
            counts.per_rule[rule_id] = int(np.count_nonzero(m))
        for cat in self.categories:
            counts.per_category[cat] = _count_any([masks[r.id] for r in self.rules if r.category == cat], rows)
        for th in self.thresholds:
            counts.per_threshold[th.id] = _count_any([masks[i] for i in self.threshold_rule_ids(th)
                                                      if i in masks], rows)
        counts.rows_with_findings = _count_any(list(masks.values()), rows)
        return counts

    def _check_types(self, signals: pa.RecordBatch) -> None:
        """A signal whose type differs in kind from the one the rules were checked against is a bug in
        a check; fail with the column name rather than with a compute kernel error deep inside."""
        for name in self.required_signals:
            want = self.signal_types.get(name)
            got = signals.schema.field(name).type
            if want is not None and got != want and type_kind(got) != type_kind(want):
                raise InputError(f"signal {name!r} has type {got}, rules were checked against {want}",
                                 column=name)

    def empty_counts(self) -> Counts:
        """Zero counts for every rule, category and threshold (the running total's start)."""
        return Counts(per_rule={r.id: 0 for r in self.rules}, per_category={c: 0 for c in self.categories},
                      per_threshold={t.id: 0 for t in self.thresholds})


def _count_any(masks: list[np.ndarray], n: int) -> int:
    if not masks:
        return 0
    if len(masks) == 1:
        return int(np.count_nonzero(masks[0]))
    out = np.zeros(n, dtype=bool)
    for m in masks:
        out |= m
    return int(np.count_nonzero(out))
