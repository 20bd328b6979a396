"""Data and renderables behind `audit rules list|show|validate`."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from auditor.errors import ConfigError
from auditor.policy import load_policies
from auditor.policy.cli_support import (
    bundled_packs,
    default_policy_path,
    policy_dict,
    rule_detail,
    rules_table,
    validate,
    validation_text,
)

from .conftest import FIXTURES, RULES, SIGNALS


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


def test_policy_dict_is_json_ready():
    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    data = json.loads(json.dumps(policy_dict(policy), allow_nan=False))
    assert data["thresholds"][0]["max_share"] == 0.005
    assert data["rules"][0]["severity"] == "medium"


def test_bundled_packs_are_found():
    packs = bundled_packs()
    assert {"default", "commercial-release", "research"} <= set(packs)
    assert default_policy_path() == packs["default"] and default_policy_path().is_file()
