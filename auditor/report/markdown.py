"""report.md: the verdict, counts and examples of a run, safe to paste into a review or a PR.

Rendered only from summary.json and examples.parquet, with every value from the data escaped, so the file
renders the same on GitHub whatever the captions contain.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from auditor.report.escape import md_escape

EXAMPLES_SHOWN = 5


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _share(n: int, total: int) -> str:
    return f"{100.0 * n / total:.2f}%" if total else "-"


def render_markdown(summary: dict[str, Any], examples: pa.Table, *, redact) -> str:
    rows = summary["rows"]
    total = rows["out"]
    gate = summary["gate"]
    verdict = "PASS" if gate["passed"] and summary.get("exit_code", 0) == 0 else "FAIL"
    if summary.get("exit_code") == 2:
        verdict = "INCOMPLETE"
    lines = [f"# Dataset audit: {verdict}", ""]
    lines += [f"- Tool: auditor {summary['tool']['version']} (summary schema {summary['schema_version']})",
              f"- Command: `{' '.join(summary['command_line']).replace('`', '')}`",
              f"- Rows: {rows['in']} in, {rows['out']} out, accounted: {'yes' if rows['accounted'] else 'NO'}",
              f"- Checks run: {', '.join(summary['checks'])}", ""]
    if gate.get("reasons"):
        lines += ["## Gate", ""] + [f"- {md_escape(r, 500)}" for r in gate["reasons"]] + [""]
    if summary["file_errors"] or summary["check_failures"]:
        lines += ["## Errors", ""]
        lines += [f"- file {md_escape(e['file'])}: {md_escape(e['error'], 500)}" for e in summary["file_errors"]]
        lines += [f"- check {md_escape(e['check'])} failed on {e['rows']} rows: {md_escape(e['error'], 300)}"
                  for e in summary["check_failures"]]
        lines.append("")
    lines += ["## Row status", ""]
    lines += _table(["status", "rows", "share"],
                    [[md_escape(k), v, _share(v, total)] for k, v in rows["by_status"].items()]) + [""]
    lines += ["## License families", ""]
    lines += _table(["family", "rows", "share"], [[md_escape(k), v, _share(v, total)]
                                                  for k, v in summary["license_families"].items()]) + [""]
    findings = summary["findings"]
    lines += ["## Findings by category (rows)", ""]
    lines += _table(["category", "rows", "share"], [[md_escape(k), v, _share(v, total)]
                                                    for k, v in findings["rows_by_category"].items()]) + [""]
    lines += ["## Rules", ""]
    rules = {r["id"]: r for r in summary["policy"].get("rules", [])}
    rule_rows = []
    for rule_id, rule in rules.items():
        count = findings["by_rule"].get(rule_id, 0)
        state = "not evaluated" if rule.get("not_evaluated") else str(count)
        rule_rows.append([md_escape(rule_id), md_escape(rule["category"]), md_escape(rule["severity"]),
                          state, md_escape(rule["title"], 120)])
    lines += _table(["rule", "category", "severity", "rows", "title"], rule_rows) + [""]
    lines += _examples(rules, findings["by_rule"], examples, redact)
    return "\n".join(lines).rstrip() + "\n"


def _examples(rules: dict, by_rule: dict, examples: pa.Table, redact) -> list[str]:
    lines: list[str] = []
    data = examples.to_pylist()
    for rule_id, rule in rules.items():
        if not by_rule.get(rule_id):
            continue
        rows = [r for r in data if r["rule_id"] == rule_id][:EXAMPLES_SHOWN]
        lines += [f"### {md_escape(rule_id)}: {md_escape(rule['title'], 120)}", "",
                  md_escape(rule.get("message", ""), 500), ""]
        if rule.get("how_to_fix"):
            lines += [f"How to fix: {md_escape(rule['how_to_fix'], 500)}", ""]
        lines += _table(["key", "url", "caption", "evidence"],
                        [[md_escape(r["key"], 60), md_escape(r["url"], 120), md_escape(redact(r), 160),
                          md_escape(r["evidence"], 160)] for r in rows]) + [""]
    return lines
