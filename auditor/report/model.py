"""One view of a finished run that both reports render: verdict, shares, rules and their examples.

Built from summary.json and examples.parquet (never from a scan), with captions already redacted, so
report.md and report.html cannot disagree about a number or leak PII the other one hides. Order is
stable (policy order for rules, count-then-name for tallies) so golden tests can compare whole files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

#: examples per rule shown in report.md and report.html (--examples); the rest are in findings.csv
EXAMPLES_SHOWN = 10


def redact(caption: str | None, spans: list[dict] | None, show_pii: bool) -> str:
    """Caption with each PII span replaced by `<TYPE>`, unless --show-pii."""
    caption = caption or ""
    if show_pii or not spans:
        return caption
    out, last = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], s["end"])):
        start, end = max(0, int(span["start"])), min(len(caption), int(span["end"]))
        if start < last or end <= start:
            continue
        out += [caption[last:start], f"<{span['type']}>"]
        last = end
    return "".join(out) + caption[last:]


@dataclass
class RuleView:
    id: str
    title: str
    category: str
    severity: str
    state: str  # a count, or "not evaluated"
    count: int
    waived: int
    message: str
    how_to_fix: str
    examples: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""  # why a rule was not evaluated

    @property
    def state_text(self) -> str:
        """The rows column: a count, or "not evaluated (reason)" - never 0 for a rule that did not run."""
        return f"not evaluated ({self.reason})" if self.state == "not evaluated" and self.reason else self.state


@dataclass
class ReportModel:
    summary: dict[str, Any]
    verdict: str
    evaluated_rows: int
    sampled: bool
    categories: list[dict[str, Any]]
    rules: list[RuleView]
    examples_limit: int = EXAMPLES_SHOWN

    @property
    def command(self) -> str:
        return " ".join(self.summary.get("command_line", []))


def verdict_of(summary: dict[str, Any]) -> str:
    code = summary.get("exit_code", 0)
    if code == 2:
        return "INCOMPLETE"
    return "PASS" if summary["gate"]["passed"] and code == 0 else "FAIL"


def build_model(summary: dict[str, Any], examples: pa.Table, *, show_pii: bool = False,
                limit: int = EXAMPLES_SHOWN) -> ReportModel:
    sample = summary.get("sample")
    evaluated = sample["rows_sampled"] if sample else summary["rows"]["out"]
    findings = summary["findings"]
    est = findings.get("estimates", {})
    cats = []
    for cat, n in findings["rows_by_category"].items():
        share = n / evaluated if evaluated else None
        ci = est.get(cat, {}).get("ci95") if sample else None
        cats.append({"category": cat, "rows": n, "share": share, "ci95": ci})
    for cat in dict.fromkeys(r.get("category", "") for r in summary["policy"].get("not_evaluated", [])):
        if cat and cat not in findings["rows_by_category"]:
            cats.append({"category": cat, "rows": "not evaluated", "share": None, "ci95": None})
    by_rule: dict[str, list[dict]] = {}
    for row in examples.to_pylist():
        bucket = by_rule.setdefault(row["rule_id"], [])
        if len(bucket) < limit:
            bucket.append({"key": row["key"] or "", "url": row["url"] or "",
                           "caption": redact(row["caption"], row.get("pii_spans"), show_pii),
                           "evidence": row["evidence"] or ""})
    not_evaluated = {r["id"]: r for r in summary["policy"].get("not_evaluated", [])}
    waived = summary.get("waivers", {}).get("waived_by_rule", {})
    rules = []
    for r in summary["policy"].get("rules", []):
        count = int(findings["by_rule"].get(r["id"], 0))
        skipped = r["id"] in not_evaluated
        rules.append(RuleView(r["id"], r["title"], r["category"], r["severity"],
                              "not evaluated" if skipped else str(count), count,
                              int(waived.get(r["id"], 0)), r.get("message", ""), r.get("how_to_fix", ""),
                              by_rule.get(r["id"], []) if count else [],
                              not_evaluated[r["id"]].get("reason", "") if skipped else ""))
    for rid in sorted(set(not_evaluated) - {r.id for r in rules}):
        r = not_evaluated[rid]
        needs = ", ".join(r.get("missing_checks", []))
        rules.append(RuleView(rid, r.get("title", ""), r.get("category", ""), r.get("severity", ""),
                              "not evaluated", 0, 0, f"needs check(s): {needs}" if needs else "", "",
                              reason=r.get("reason") or (f"needs check(s): {needs}" if needs else "")))
    return ReportModel(summary, verdict_of(summary), evaluated, bool(sample), cats, rules, limit)


def share_text(share: float | None, ci: list[float] | None = None) -> str:
    if share is None:
        return "-"
    text = f"{100 * share:.2f}%"
    if ci is not None:
        text += f" (95% CI {100 * ci[0]:.2f}-{100 * ci[1]:.2f}%, estimate)"
    return text


#: faces_vs_dataset counter (auditor.faces.compare) -> what a reviewer reads
FACES_VS_DATASET = {"agree_presence": "both agree on whether there is a face",
                    "detector_only": "our detector found faces, the dataset says none",
                    "dataset_only": "the dataset says faces, our detector found none",
                    "count_differs": "the number of faces differs"}


def faces_vs_dataset_rows(counts: dict[str, int] | None) -> dict[str, int]:
    """The disagreement counts under reviewer labels (empty when the two were never both known)."""
    if not counts or not counts.get("both_known"):
        return {}
    return {label: counts.get(k, 0) for k, label in FACES_VS_DATASET.items()}
