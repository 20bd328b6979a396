"""Render every report of a run directory from its saved outputs (no scanning)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from auditor.aggregate import EXAMPLES_SCHEMA
from auditor.report.findings_csv import write_findings_csv
from auditor.report.html import render_html
from auditor.report.markdown import render_markdown
from auditor.report.model import EXAMPLES_SHOWN, build_model
from auditor.sinks import write_text_atomic


def render_reports(run_dir: Path, *, show_pii: bool = False, summary_md: Path | None = None,
                   summary: dict | None = None, examples_shown: int = EXAMPLES_SHOWN,
                   paper: str = "a4") -> list[Path]:
    """report.md, report.html and findings.csv from summary.json + examples.parquet + findings.parquet;
    `summary_md` gets report.md appended."""
    if summary is None:
        summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    path = run_dir / "examples.parquet"
    examples = pq.read_table(path) if path.is_file() else EXAMPLES_SCHEMA.empty_table()
    md_path, html_path = run_dir / "report.md", run_dir / "report.html"
    markdown = render_markdown(summary, examples, show_pii=show_pii, examples_shown=examples_shown)
    write_text_atomic(md_path, markdown)
    model = build_model(summary, examples, show_pii=show_pii, limit=examples_shown)
    write_text_atomic(html_path, render_html(model, run_dir, paper=paper))
    written = [md_path, html_path]
    if (run_dir / "findings.parquet").is_file():
        written.append(write_findings_csv(run_dir / "findings.parquet", run_dir / "findings.csv"))
    if summary_md is not None:
        with open(summary_md, "a", encoding="utf-8") as fh:  # $GITHUB_STEP_SUMMARY is appended to
            fh.write(markdown + "\n")
    return written
