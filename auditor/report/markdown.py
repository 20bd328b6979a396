"""report.md for reviewers and ethics submissions, structured like a datasheet.

Sections: verdict, 1 dataset and scope, 2 methodology, 3 results, 4 findings per rule (counts and
redacted examples), 5 waivers, 6 limitations, 7 how to reproduce. Rendered only from summary.json and
examples.parquet; every value from the data or a config file is escaped (no links, images, HTML or
table breaks from data), so the file renders the same on GitHub whatever the captions contain.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from auditor.report.escape import md_escape
from auditor.report.md_sections import methodology, results, scope, table
from auditor.report.model import ReportModel, build_model

EXAMPLES_SHOWN = 5


def render_markdown(summary: dict[str, Any], examples: pa.Table, *, show_pii: bool = False) -> str:
    m = build_model(summary, examples, show_pii=show_pii, limit=EXAMPLES_SHOWN)
    lines = _header(m) + scope(m) + methodology(m) + results(m) + findings(m) + waivers(m)
    lines += limitations(m) + reproduce(m)
    return "\n".join(lines).rstrip() + "\n"


def _header(m: ReportModel) -> list[str]:
    s = m.summary
    lines = [f"# Dataset audit: {m.verdict}", "",
             f"- Tool: auditor {md_escape(s['tool']['version'])} (summary schema {s['schema_version']})",
             f"- Checks run: {md_escape(', '.join(s['checks']))}",
             f"- Rows with findings: {s['rows']['with_findings']} of {m.evaluated_rows}"
             + (" sampled rows (estimate)" if m.sampled else ""), ""]
    if s["gate"].get("reasons"):
        lines += ["**Gate:**", ""] + [f"- {md_escape(r, 500)}" for r in s["gate"]["reasons"]] + [""]
    detector_warning = s.get("checks", {}).get("faces", {}).get("detector_warning")
    if detector_warning:
        lines += [f"**Warning (face detector license):** {md_escape(detector_warning, 500)}", ""]
    return lines


def findings(m: ReportModel) -> list[str]:
    lines = ["## 4. Findings per rule", ""]
    lines += table(["rule", "category", "severity", "rows", "waived", "title"],
                   [[md_escape(r.id), md_escape(r.category), md_escape(r.severity), r.state, r.waived,
                     md_escape(r.title, 120)] for r in m.rules])
    for r in m.rules:
        if not r.count:
            continue
        lines += [f"### {md_escape(r.id)}: {md_escape(r.title, 120)}", "", md_escape(r.message, 500), ""]
        if r.how_to_fix:
            lines += [f"How to fix: {md_escape(r.how_to_fix, 500)}", ""]
        if r.examples:
            lines += [f"Examples (first {len(r.examples)} of {r.count}; the full list is findings.parquet):", ""]
            lines += table(["key", "url", "caption", "evidence"],
                           [[md_escape(e["key"], 60), md_escape(e["url"], 120), md_escape(e["caption"], 160),
                             md_escape(e["evidence"], 160)] for e in r.examples])
    return lines


def waivers(m: ReportModel) -> list[str]:
    w = m.summary.get("waivers")
    if not w:
        return []
    lines = ["## 5. Waivers", "", "Waived findings do not fail the gate; they are listed in "
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
    s = m.summary
    lines = ["## 6. Limitations", "",
             "- Detectors have imperfect recall: no finding is not proof of absence (PII in captions, faces "
             "in images, opt-out signals at the source).",
             "- Link rot: images and pages that could not be fetched are `unknown`, never `clear`.",
             "- Unknown licenses are treated as unknown, never as permission."]
    not_run = [r for r in s["policy"].get("not_evaluated", [])]
    if not_run:
        checks = sorted({c for r in not_run for c in r.get("missing_checks", [])})
        lines.append(f"- Checks not run: {md_escape(', '.join(checks))}; rules not evaluated: "
                     f"{md_escape(', '.join(r['id'] for r in not_run))}.")
    if m.sampled:
        lines.append("- Sampled estimates: shares come from a random sample; the 95% intervals describe sampling "
                     "error only, not detector error.")
        if m.summary["sample"].get("stratify"):
            lines.append("- Stratified sample: shares are pooled over the sampled rows, not weighted by file "
                         "size; files of very different sizes can bias them.")
    other = {k: v for k, v in s["rows"]["by_status"].items() if k != "ok" and k != "skipped:not_sampled"}
    if other:
        lines.append("- Rows not fully checked: " + ", ".join(f"{md_escape(k)} {v}" for k, v in other.items()) + ".")
    return lines + [""]


def reproduce(m: ReportModel) -> list[str]:
    cmd = m.command.replace("`", "'").replace("\n", " ")
    return ["## 7. How to reproduce", "", "```", cmd.replace("```", "'''"), "```", "",
            f"auditor {md_escape(m.summary['tool']['version'])}; input and policy sha256 are listed above."]
