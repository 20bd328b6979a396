"""The policy as one scan uses it: loaded before any work, restricted to the checks that run, counted.

Rules whose signals come from a check that is not part of this run cannot be evaluated. For a policy
file the user named with --policy that is an error (they asked for it; silence would be a false pass).
For the built-in default pack it is expected - a dataset without images cannot get face rules - so
those rules are listed as "not evaluated" in summary.json, report.md and on the console, never
counted as passed.

The signal catalogue (signal -> (check name, Arrow type): auditor.checks.registry.all_signals) is passed in by
the caller: the policy layer sits below the checks and knows nothing of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from auditor.errors import ConfigError
from auditor.policy.describe import policy_dict
from auditor.policy.evaluate import Counts
from auditor.policy.gate import gate
from auditor.policy.loader import load_policies
from auditor.policy.models import Severity
from auditor.policy.packs import bundled_packs
from auditor.policy.policy import Policy


class PolicySession:
    def __init__(self, policy: Policy, not_evaluated: list[dict[str, Any]], fail_on: Severity) -> None:
        self.policy = policy
        self.not_evaluated = not_evaluated
        self.fail_on = fail_on

    @staticmethod
    def load_policy(paths: list[Path], catalogue: Mapping[str, tuple[str, pa.DataType]]) -> Policy:
        """Validate the policy files against every signal this build knows (`catalogue`): before any data is read."""
        return load_policies(list(paths), {name: typ for name, (_check, typ) in catalogue.items()})

    @classmethod
    def for_signals(cls, policy: Policy, available: set[str], catalogue: Mapping[str, tuple[str, pa.DataType]], *,
                    fail_on: str) -> PolicySession:
        """Restrict the policy to the signals available (a scan's checks, or a finished run's columns); see the
        module docstring. `catalogue` names the check that writes each signal, for the error and the report."""
        known = catalogue
        builtin = {p.resolve() for p in bundled_packs().values()}
        restricted, dropped = policy.restricted_to(available)
        not_evaluated = []
        for rule in dropped:
            missing = sorted(rule.signals - available)
            needed = sorted({known[s][0] for s in missing})
            if Path(rule.file).resolve() not in builtin:
                raise ConfigError(
                    f"rule {rule.id} needs signal(s) {', '.join(missing)} from check(s) {', '.join(needed)}, "
                    "which this run does not include; add them with --checks or drop the rule",
                    file=rule.file, line=rule.line, column=rule.id)
            not_evaluated.append({"id": rule.id, "title": rule.rule.title, "category": rule.category,
                                  "severity": rule.severity.value, "missing_checks": needed,
                                  "missing_signals": missing})
        return cls(restricted, not_evaluated, Severity.parse(fail_on))

    # The counts are passed in, not kept here: they are the run's (summed from every unit's marker by the
    # RunWriter, resumed units included), and a session that kept its own would hold a second, partial copy.
    def gate(self, counts: Counts, total_rows: int) -> dict[str, Any]:
        verdict = gate(counts, total_rows, self.fail_on, self.policy).to_dict()
        verdict["not_evaluated"] = [r["id"] for r in self.not_evaluated]
        return verdict

    def describe(self, counts: Counts) -> dict[str, Any]:
        out = policy_dict(self.policy)
        out["not_evaluated"] = self.not_evaluated
        out["counts"] = counts.to_dict()
        return out
