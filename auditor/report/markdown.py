"""report.md for reviewers and ethics submissions, structured like a datasheet.

It opens with a first screen that decides (one verdict per review type, the gate, next steps), then the
numbered sections of auditor.report.sections (one function per section id here). Rendered only from
summary.json and examples.parquet; every value from the data or a config file is escaped (no links,
images, HTML or table breaks from data), so the file renders the same on GitHub whatever the captions
contain.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from auditor.report.escape import md_escape
from auditor.report.md_sections import methodology, results, scope, table
from auditor.report.model import EXAMPLES_SHOWN, ReportModel, build_model
from auditor.report.obligations import markdown_section as obligations_md
from auditor.report.reviews import dataset_gaps, next_steps, reviews
from auditor.report.sections import limitation_lines, numbered


def render_markdown(summary: dict[str, Any], examples: pa.Table, *, show_pii: bool = False,
                    examples_shown: int = EXAMPLES_SHOWN) -> str:
    m = build_model(summary, examples, show_pii=show_pii, limit=examples_shown)
    lines = [f"# Dataset audit: {m.verdict}", ""] + first_screen(m) + _header(m)
    renderers = {"scope": scope, "methodology": methodology, "results": results, "findings": findings,
                 "waivers": waivers, "limitations": limitations, "reproduce": reproduce,
                 "obligations": lambda m: obligations_md(m.summary)[2:]}  # its own heading is the section's
    for number, sid, title in numbered(summary):
        lines += [f"## {number}. {title}", ""] + renderers[sid](m)
    return "\n".join(lines).rstrip() + "\n"


def first_screen(m: ReportModel) -> list[str]:
    """Plain verdicts per review type, then the gate and what to do next."""
    lines = ["## Summary for reviewers", ""]
    gaps = dataset_gaps(m)
    if gaps:
        lines += [md_escape(gaps, 1000), ""]
    for r in reviews(m):
        lines.append(f"- **{md_escape(r.name)}: {r.verdict}.** " + " ".join(md_escape(x, 1000) for x in r.reasons))
    lines += ["", f"**Gate: {m.verdict}.**", ""]
    lines += [f"- {md_escape(r, 500)}" for r in m.summary["gate"].get("reasons", [])]
    lines += ["", "**What to do next:** " + " ".join(md_escape(x, 500) for x in next_steps(m)), ""]
    return lines


def _header(m: ReportModel) -> list[str]:
    s = m.summary
    lines = [f"- Tool: auditor {md_escape(s['tool']['version'])} (summary schema {s['schema_version']})",
             f"- Checks run: {md_escape(', '.join(s['checks']))}",
             f"- Rows with findings: {s['rows']['with_findings']} of {m.evaluated_rows}"
             + (" sampled rows (estimate)" if m.sampled else ""), ""]
    detector_warning = s.get("checks", {}).get("faces", {}).get("detector_warning")
    if detector_warning:
        lines += [f"**Warning (face detector license):** {md_escape(detector_warning, 500)}", ""]
    return lines


def findings(m: ReportModel) -> list[str]:
    lines = []
    lines += table(["rule", "category", "severity", "rows", "waived", "title"],
                   [[md_escape(r.id), md_escape(r.category), md_escape(r.severity), md_escape(r.state_text, 300),
                     "-" if r.state == "not evaluated" else r.waived,
                     md_escape(r.title, 120)] for r in m.rules])
    for r in m.rules:
        if not r.count:
            continue
        lines += [f"### {md_escape(r.id)}: {md_escape(r.title, 120)}", "", md_escape(r.message, 500), ""]
        if r.how_to_fix:
            lines += [f"How to fix: {md_escape(r.how_to_fix, 500)}", ""]
        if r.examples:
            lines += [f"Examples (first {len(r.examples)} of {r.count}; all rows are in findings.csv and "
                      "findings.parquet):", ""]
            lines += table(["key", "url", "caption", "evidence"],
                           [[md_escape(e["key"], 60), md_escape(e["url"], 120), md_escape(e["caption"], 160),
                             md_escape(e["evidence"], 160)] for e in r.examples])
    return lines


def waivers(m: ReportModel) -> list[str]:
    w = m.summary.get("waivers")
    if not w:
        return []
    lines = ["Waived findings do not fail the gate; they are listed in "
             f"{md_escape(w['output'])} with their waiver id and reason.", ""]
    if w["applied"]:
        lines += table(["waiver", "rule", "reason", "approved by", "date", "findings waived"],
                       [[md_escape(a["id"]), md_escape(a["rule"]), md_escape(a["reason"]),
                         md_escape(a["approved_by"], 80), md_escape(a["date"]), a["findings"]] for a in w["applied"]])
    for label, key in (("Expired (no longer applied)", "expired"), ("Matched nothing", "unused")):
        if w[key]:
            lines += [f"{label}: " + ", ".join(md_escape(x["id"]) for x in w[key]), ""]
    return lines


def limitations(m: ReportModel) -> list[str]:
    lines = [f"- {md_escape(x, 1000)}" for x in limitation_lines(m.summary, m.sampled)]
    not_run = m.summary["policy"].get("not_evaluated", [])
    if not_run:
        lines.append("- Rules not evaluated (they count nothing, which is not the same as finding nothing):")
        lines += [f"  - {md_escape(r['id'])}: {md_escape(r.get('reason') or 'check not run', 1000)}"
                  for r in not_run]
    return lines + [""]


def reproduce(m: ReportModel) -> list[str]:
    cmd = m.command.replace("`", "'").replace("\n", " ")
    return ["```", cmd.replace("```", "'''"), "```", "",
            f"auditor {md_escape(m.summary['tool']['version'])}; input and policy sha256 are listed above."]
