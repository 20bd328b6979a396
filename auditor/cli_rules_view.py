"""What `audit rules list|show|validate|signals` display: plain data and rich renderables, no printing.

The CLI decides where output goes (stdout, --json); the policy layer only describes rules. Text from policy
files is wrapped in rich `Text` objects, never interpreted as markup, so a title like `[link=...]` from a
stranger's policy prints literally. (Moved up from auditor/policy/cli_support.py, issue #22: the policy layer
imports no CLI helpers.)
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
from rich.console import Group
from rich.table import Table
from rich.text import Text

from auditor.arrow_kinds import value_kind
from auditor.errors import ConfigError
from auditor.policy.loader import load_policies
from auditor.policy.policy import CompiledRule, Policy

_SEVERITY_STYLE = {"info": "dim", "low": "cyan", "medium": "yellow", "high": "red", "critical": "bold red"}


#: value kind (auditor.arrow_kinds) -> how a rule author thinks of it
_READABLE = {"text": "text", "boolean": "true/false", "integer": "integer", "float": "number"}


def readable_type(typ: pa.DataType) -> str:
    """An Arrow type as a rule author thinks of it: text, number, true/false, list of text..."""
    if pa.types.is_dictionary(typ):
        return readable_type(typ.value_type) + " (categorical)"
    kind = value_kind(typ)
    if kind == "list":
        return "list of " + readable_type(typ.value_type)
    if kind == "struct":
        return "record (" + ", ".join(f.name for f in typ) + ")"
    return _READABLE.get(kind or "", str(typ))


def rules_table(policy: Policy) -> Table:
    """`audit rules list`: one line per rule, then thresholds."""
    table = Table(title=Text(", ".join(s.name for s in policy.sources)), show_lines=False)
    for col in ("ID", "Severity", "Category", "Title", "Signals"):
        table.add_column(col, no_wrap=col == "ID", overflow="fold")
    for r in policy.rules:
        table.add_row(Text(r.id), Text(r.severity.value, style=_SEVERITY_STYLE[r.severity.value]),
                      Text(r.category), Text(r.rule.title), Text(", ".join(r.condition_signals)))
    for t in policy.thresholds:
        limit = f"share > {t.max_share:.2%}" if t.max_share is not None else f"count > {t.max_count}"
        scope = t.category if t.category is not None else ", ".join(t.rules or ())
        table.add_row(Text(t.id), Text(t.severity.value, style=_SEVERITY_STYLE[t.severity.value]),
                      Text(scope), Text(f"threshold: {t.title}"), Text(limit))
    return table


def find_rule(policy: Policy, rule_id: str) -> CompiledRule:
    """The rule with `rule_id`, or a ConfigError suggesting close ids."""
    try:
        return policy.rule(rule_id)
    except KeyError:
        ids = [r.id for r in policy.rules]
        close = difflib.get_close_matches(rule_id.upper(), ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else f"; known rules: {', '.join(ids)}"
        raise ConfigError(f"unknown rule id {rule_id!r}{hint}") from None


def rule_detail(policy: Policy, rule_id: str) -> Group:
    """`audit rules show ID`: every field of one rule."""
    r = find_rule(policy, rule_id)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in (("id", r.id), ("title", r.rule.title), ("category", r.category),
                         ("severity", r.severity.value), ("when", r.rule.when),
                         ("evidence", ", ".join(r.evidence)), ("message", r.rule.message),
                         ("how to fix", r.rule.how_to_fix), ("defined at", r.where)):
        grid.add_row(Text(label), Text(value))
    return Group(grid)


def validate(paths: list[Path], known_signals: Mapping[str, pa.DataType]) -> dict[str, Any]:
    """`audit rules validate FILE...`: load like a scan would; raise ConfigError or return a summary."""
    policy = load_policies(paths, known_signals)
    return {
        "valid": True,
        "files": [{"path": s.path, "sha256": s.sha256} for s in policy.sources],
        "rules": len(policy.rules),
        "thresholds": len(policy.thresholds),
        "signals": sorted(policy.required_signals),
    }


def validation_text(summary: Mapping[str, Any]) -> Text:
    files = ", ".join(f["path"] for f in summary["files"])
    return Text(f"OK: {files}: {summary['rules']} rules, {summary['thresholds']} thresholds; "
                f"signals used: {', '.join(summary['signals'])}")
