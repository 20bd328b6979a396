"""Render every report of a run directory from its saved outputs (no scanning)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from auditor.aggregate import EXAMPLES_SCHEMA
from auditor.errors import ConfigError, OutputError
from auditor.outputs import EXAMPLES_FILE, FINDINGS_CSV, FINDINGS_FILE, REPORT_HTML, REPORT_MD, SUMMARY_FILE
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
        summary = json.loads((run_dir / SUMMARY_FILE).read_text(encoding="utf-8"))
    path = run_dir / EXAMPLES_FILE
    examples = pq.read_table(path) if path.is_file() else EXAMPLES_SCHEMA.empty_table()
    md_path, html_path = run_dir / REPORT_MD, run_dir / REPORT_HTML
    markdown = render_markdown(summary, examples, show_pii=show_pii, examples_shown=examples_shown)
    _write(md_path, markdown)
    model = build_model(summary, examples, show_pii=show_pii, limit=examples_shown)
    _write(html_path, render_html(model, run_dir, paper=paper))
    written = [md_path, html_path]
    if (run_dir / FINDINGS_FILE).is_file():
        written.append(write_findings_csv(run_dir / FINDINGS_FILE, run_dir / FINDINGS_CSV))
    if summary_md is not None:
        _append(summary_md, markdown)
    return written


def _write(path: Path, text: str) -> None:
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc.strerror or exc}", file=str(path)) from None


def append_summary_md(path: Path, summary: dict, examples, *, show_pii: bool = False,
                      examples_shown: int = EXAMPLES_SHOWN) -> None:
    """Append the Markdown report to `path` ($GITHUB_STEP_SUMMARY); a failed write names the file."""
    _append(path, render_markdown(summary, examples, show_pii=show_pii, examples_shown=examples_shown))


def _append(path: Path, markdown: str) -> None:
    try:
        with open(path, "a", encoding="utf-8") as fh:  # $GITHUB_STEP_SUMMARY is appended to
            fh.write(markdown + "\n")
            fh.flush()
    except OSError as exc:
        raise OutputError(f"cannot append the report to --summary-md: {exc.strerror or exc}",
                          file=str(path)) from None


def check_summary_md(path: Path) -> None:
    """Before a scan: --summary-md must be a file we can append to (not a directory, folder exists)."""
    if path.is_dir():
        raise ConfigError("--summary-md is a directory; give a file to append the report to", file=str(path))
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise ConfigError(f"--summary-md cannot be appended to: {exc.strerror or exc}", file=str(path)) from None
