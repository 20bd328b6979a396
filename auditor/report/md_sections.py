"""The datasheet-like sections of report.md: dataset and scope, methodology, results.

Every value that came from data or from a config file goes through md_escape; numbers are formatted
here. Nothing in these sections depends on the clock, so golden files stay stable.
"""

from __future__ import annotations

from typing import Any

from auditor.report.escape import md_escape
from auditor.report.model import ReportModel, faces_vs_dataset_rows, share_text
from auditor.report.sections import check_sentences, human_lines


def table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _tally(title: str, counts: dict[str, int], total: int, label: str) -> list[str]:
    if not counts:
        return []
    rows = [[md_escape(k, 80), v, share_text(v / total if total else None)] for k, v in counts.items()]
    return [f"### {title}", ""] + table([label, "rows", "share"], rows)


def scope(m: ReportModel) -> list[str]:
    s = m.summary
    rows = s["rows"]
    lines = [f"- Rows: {rows['in']} in, {rows['out']} out; every row accounted for: "
             f"{'yes' if rows['accounted'] else '**NO**'}"]
    sample = s.get("sample")
    if sample:
        lines.append(f"- Sample: {sample['rows_sampled']} of {rows['out']} rows checked "
                     f"({md_escape(sample['mode'])} {sample['value']:g}, seed {sample['seed']}"
                     f"{', stratified by file' if sample.get('stratify') else ''}); the other "
                     f"{sample['rows_not_sampled']} rows have status `skipped:not_sampled`. "
                     "Shares below are **estimates** with 95% Wilson intervals.")
    else:
        lines.append("- Sample: none (full scan); counts below are exact.")
    lines += ["", "### Files", ""]
    lines += table(["file", "format", "profile", "rows", "sha256"],
                   [[md_escape(f["name"], 80), md_escape(f["format"]), md_escape(f.get("profile") or "-"),
                     f.get("rows_out", "-"), md_escape((f.get("sha256") or "-")[:16])] for f in s["inputs"]])
    if s["file_errors"] or s["check_failures"]:
        lines += ["### Errors", ""]
        lines += [f"- file {md_escape(e['file'])}: {md_escape(e['error'], 500)}" for e in s["file_errors"]]
        lines += [f"- check {md_escape(e['check'])} failed on {e['rows']} rows: {md_escape(e['error'], 300)}"
                  for e in s["check_failures"]]
        lines.append("")
    return lines


def _facts(facts: dict[str, Any]) -> str:
    if not facts:
        return "-"
    parts = []
    for k, v in facts.items():
        if isinstance(v, dict | list):
            v = ", ".join(f"{a}={b}" for a, b in v.items()) if isinstance(v, dict) else ", ".join(map(str, v))
        parts.append(f"{md_escape(k, 60)}: {md_escape(str(v), 160)}")
    return "; ".join(parts)


def methodology(m: ReportModel) -> list[str]:
    s = m.summary
    lines = ["### Checks", ""]
    lines += [md_escape(sentence, 1000) for sentence in check_sentences(s["checks"])]
    lines += ["", "<details><summary>Settings of each check (model, version, sha256, license, thresholds)"
              "</summary>", ""]
    lines += table(["check", "facts"], [[md_escape(name), _facts(facts)] for name, facts in s["checks"].items()])
    lines += ["</details>", ""]
    policy = s["policy"]
    lines += ["### Policy", ""]
    lines += table(["policy file", "name", "sha256"],
                   [[md_escape(f["path"], 120), md_escape(f.get("name") or "-"), md_escape(f["sha256"])]
                    for f in policy.get("files", [])])
    gate = s["gate"]
    lines += [f"The gate fails on findings of severity {md_escape(gate.get('fail_on', 'high'))} or above, "
              "and when a threshold is exceeded.", ""]
    if policy.get("thresholds"):
        lines += table(["threshold", "scope", "limit"],
                       [[md_escape(t["id"]), md_escape(t.get("category") or ", ".join(t.get("rules", []))),
                         md_escape(f"share <= {t['max_share']:.2%}" if "max_share" in t
                                   else f"count <= {t['max_count']}")]
                        for t in policy["thresholds"]])
    waivers = s.get("waivers")
    if waivers:
        lines += [f"Waivers: {md_escape(waivers['file'], 120)} (sha256 {md_escape(waivers['sha256'])}), "
                  f"evaluated on {md_escape(waivers['today'])}.", ""]
    return lines


def faces_vs_dataset(counts: dict[str, int] | None) -> list[str]:
    rows = faces_vs_dataset_rows(counts)
    if not rows:
        return []
    known = counts["both_known"]
    lines = [f"Faces: our detector vs the dataset's own annotation, on the {known} rows where both are known "
             "(rules HUMAN-FACES-MISSED-BY-DATASET and HUMAN-FACES-NOT-CONFIRMED list the rows):", ""]
    return lines + table(["comparison", "rows", "share"],
                         [[label, n, share_text(n / known)] for label, n in rows.items()])


def results(m: ReportModel) -> list[str]:
    s = m.summary
    total = m.evaluated_rows
    sig = s.get("signals", {})
    lines = []
    if m.sampled:
        lines += [f"Measured on the {total} sampled rows; shares are estimates for the whole dataset.", ""]
    lines += _tally("Row status", s["rows"]["by_status"], s["rows"]["out"], "status")
    lines += _tally("License composition", s.get("license_families", {}), total, "license family")
    if "license" in s.get("coverage", {}).get("missing_input_columns", []):
        lines += ["This dataset has no license column: every row's license is unknown, which is a gap in "
                  "the dataset, not a finding about the images.", ""]
    lines += _tally("Consent and opt-out signals", sig.get("consent", {}), total, "signal")
    by = {k: v for k, v in sig.get("consent_reserved_by", {}).items() if k not in ("null", "None")}
    lines += _tally("Opt-out vocabularies behind the reservations", by, total, "reserved by")
    if "consent_all_sources" in sig:
        lines += _tally("Opt-outs from every source (site files, headers, image metadata)",
                        sig["consent_all_sources"], total, "signal")
    if "image_ai_generated" in sig:
        lines += [f"- AI-generated images (embedded metadata): {sig['image_ai_generated'].get('True', 0)}", ""]
    lines += ["### Human-subjects indicators", ""]
    lines += [f"- {md_escape(x, 500)}" for x in human_lines(s, total)] + [""]
    lines += faces_vs_dataset(sig.get("faces_vs_dataset"))
    pii = {k: v for k, v in sig.get("pii_types", {}).items() if k != "PERSON"}
    lines += _tally("Privacy indicators (PII entity types in captions)", pii, total, "entity type")
    lines += ["### Findings by category", ""]
    lines += table(["category", "rows", "share"],
                   [[md_escape(c["category"]), c["rows"], share_text(c["share"], c["ci95"])] for c in m.categories])
    return lines
