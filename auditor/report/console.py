"""What `audit scan` prints when it finishes: verdict, counts and where the reports are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console

from auditor.report.escape import terminal_safe


def print_scan_result(console: Console, summary: dict[str, Any], out_dir: Path) -> None:
    rows = summary["rows"]
    code = summary.get("exit_code", 0)
    verdict = {0: "PASS", 1: "FAIL (policy gate)", 2: "INCOMPLETE (errors)"}.get(code, str(code))
    console.print(f"verdict: {verdict}", markup=False)
    rate = summary.get("rows_per_s")
    speed = f" ({rate:,.0f} rows/s)" if rate and rate >= 1 and summary.get("elapsed_s", 0) >= 1 else ""
    console.print(f"rows: {rows['in']} in, {rows['out']} out, "
                  f"{rows['with_findings']} with findings{speed}", markup=False)
    sample = summary.get("sample")
    if sample:
        console.print(f"sample: {sample['rows_sampled']} of {rows['out']} rows checked "
                      f"(seed {sample['seed']}); shares are estimates with 95% intervals", markup=False)
    waivers = summary.get("waivers")
    if waivers:
        waived = sum(a["findings"] for a in waivers["applied"])
        console.print(f"waivers: {waived} findings waived by {len(waivers['applied'])} waivers; "
                      f"{len(waivers['expired'])} expired, {len(waivers['unused'])} matched nothing", markup=False)
    for reason in summary["gate"].get("reasons", [])[:10]:
        console.print(f"  - {terminal_safe(reason, 300)}", markup=False)
    missing = summary.get("coverage", {}).get("missing_input_columns")
    if missing:
        console.print(f"dataset has no column for: {terminal_safe(', '.join(missing), 500)}", markup=False)
    not_run = summary["policy"].get("not_evaluated", [])
    if not_run:
        console.print(f"not evaluated ({len(not_run)} rules; they count nothing, which is not a pass):", markup=False)
        for r in not_run:
            why = terminal_safe(r.get("reason") or "check not run", 300)
            console.print(f"  - {terminal_safe(r['id'], 120)}: {why}", markup=False)
    for err in summary["file_errors"][:10]:
        console.print(f"  file error: {terminal_safe(err['file'])}: {terminal_safe(err['error'], 300)}", markup=False)
    console.print(f"report: {terminal_safe(str(out_dir / 'report.md'), 500)} "
                  f"(and report.html)", markup=False)
