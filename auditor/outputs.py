"""The names of a run directory's files, defined once: the scan writes them, reports, `audit runs ...`, the index
and Croissant read them (see README "Outputs" and docs/resume.md for the layout)."""

from __future__ import annotations

SIGNALS_FILE = "signals.parquet"
FINDINGS_FILE = "findings.parquet"
EXAMPLES_FILE = "examples.parquet"
WAIVED_FILE = "waived.parquet"
SUMMARY_FILE = "summary.json"
REPORT_MD = "report.md"
REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"
FINDINGS_CSV = "findings.csv"
MANIFEST_FILE = "manifest.json"

#: what the end of a scan writes; removed together when that end fails (auditor.scan)
FINAL_OUTPUTS = (SIGNALS_FILE, FINDINGS_FILE, EXAMPLES_FILE, SUMMARY_FILE, WAIVED_FILE, REPORT_MD, REPORT_HTML)
