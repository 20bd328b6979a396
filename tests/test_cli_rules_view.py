"""Renderables behind `audit rules list|show|validate` (auditor.cli_rules_view, moved up from the policy layer)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from auditor.checks.registry import all_signals
from auditor.cli_rules_view import rule_detail, rules_table, validate, validation_text
from auditor.errors import ConfigError
from auditor.policy import load_policies

REPO = Path(__file__).resolve().parents[1]
RULES = REPO / "rules"
FIXTURES = REPO / "tests" / "fixtures" / "policies"
SIGNALS = {name: typ for name, (_check, typ) in all_signals().items()}


def _render(renderable) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_rules_list_shows_every_rule_and_threshold():
    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    text = _render(rules_table(policy))
    for r in policy.rules:
        assert r.id in text
    assert "COPYRIGHT-REVIEW-SHARE" in text and "0.50%" in text


def test_rules_show_and_unknown_id():
    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    text = _render(rule_detail(policy, "COPYRIGHT-STOCK-HOST"))
    assert "copyright_risk_host" in text and "default.yaml:" in text and "how to fix" in text
    with pytest.raises(ConfigError, match="did you mean COPYRIGHT-STOCK-HOST"):
        rule_detail(policy, "copyright-stock-hots")


def test_markup_in_policy_text_is_not_interpreted(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("schema_version: 1\nname: '[red]x'\nrules:\n  - id: R1\n"
                 "    title: '[link=javascript:x]hi[/link]'\n    category: privacy\n    severity: low\n"
                 "    when: pii_count > 1\n    message: m\n"
                 "    how_to_fix: f\n")
    policy = load_policies([p], SIGNALS)
    assert "[link=javascript:x]hi[/link]" in _render(rules_table(policy))


def test_validate_returns_summary_or_raises():
    summary = validate([RULES / "research.yaml"], SIGNALS)
    assert summary["valid"] and summary["rules"] == 22 and len(summary["files"][0]["sha256"]) == 64
    assert "research.yaml" in validation_text(summary).plain
    with pytest.raises(ConfigError):
        validate([FIXTURES / "broken" / "unknown_key.yaml"], SIGNALS)
