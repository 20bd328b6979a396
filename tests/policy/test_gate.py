"""The CI gate: severity threshold and dataset-level limits."""

from __future__ import annotations

import pytest

from auditor.policy import Counts, Severity, gate, load_policies

POLICY = """schema_version: 1
name: g
rules:
  - {id: LOW-R, title: low, category: privacy, severity: low, when: pii_count > 0, message: m, how_to_fix: f}
  - {id: HIGH-R, title: high, category: copyright, severity: high, when: copyright_risk_host, message: m,
     how_to_fix: f}
thresholds:
  - {id: PRIV-SHARE, title: privacy share, category: privacy, max_share: 0.1, severity: medium, message: m}
  - {id: HIGH-COUNT, title: high count, rules: [HIGH-R], max_count: 2, severity: high, message: m}
"""


@pytest.fixture
def policy(tmp_path, signals):
    p = tmp_path / "g.yaml"
    p.write_text(POLICY)
    return load_policies([p], signals)


@pytest.mark.parametrize(
    ("low", "high", "priv", "high_rows", "fail_on", "passed", "reasons"),
    [
        (0, 0, 0, 0, "high", True, []),
        (5, 0, 5, 0, "high", True, []),                       # 5% privacy share: under 10%
        (5, 0, 5, 0, "low", False, ["LOW-R"]),
        (5, 0, 5, 0, "info", False, ["LOW-R"]),
        (0, 1, 0, 1, "high", False, ["HIGH-R"]),
        (0, 1, 0, 1, "critical", True, []),
        (11, 0, 11, 0, "critical", False, ["threshold PRIV-SHARE"]),  # 11% > 10%: fails whatever fail_on
        (10, 0, 10, 0, "critical", True, []),                  # exactly at the limit passes
        (0, 3, 0, 3, "critical", False, ["threshold HIGH-COUNT"]),
        (12, 3, 12, 3, "low", False, ["HIGH-R", "LOW-R", "threshold PRIV-SHARE", "threshold HIGH-COUNT"]),
    ],
)
def test_gate_table(policy, low, high, priv, high_rows, fail_on, passed, reasons):
    counts = Counts(rows=100, per_rule={"LOW-R": low, "HIGH-R": high},
                    per_threshold={"PRIV-SHARE": priv, "HIGH-COUNT": high_rows})
    result = gate(counts, 100, Severity.parse(fail_on), policy)
    assert result.passed is passed
    assert [r.split(" (")[0].split(" exceeded")[0] for r in result.reasons] == reasons
    assert result.to_dict()["fail_on"] == fail_on
    assert len(result.thresholds) == 2


def test_zero_rows_never_divides_by_zero(policy):
    assert gate(Counts(), 0, Severity.HIGH, policy).passed


def test_severity_order_and_parse():
    assert Severity.INFO < Severity.LOW < Severity.MEDIUM < Severity.HIGH < Severity.CRITICAL
    assert Severity.parse("HIGH") is Severity.HIGH and Severity.HIGH >= Severity.HIGH
    with pytest.raises(ValueError, match="critical"):
        Severity.parse("severe")


def test_restriction_drops_thresholds_whose_rules_all_went(policy):
    restricted, dropped = policy.restricted_to({"pii_count"})
    assert [r.id for r in dropped] == ["HIGH-R"]
    assert [t.id for t in restricted.thresholds] == ["PRIV-SHARE"]
