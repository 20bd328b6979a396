"""Render every report of a run directory from its saved outputs (no scanning)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from auditor.report.markdown import render_markdown
from auditor.sinks import write_text_atomic


def caption_for_report(show_pii: bool):
    """How example captions are shown: redacted by their PII spans unless --show-pii."""

    def redact(row: dict) -> str:
        caption = row.get("caption") or ""
        spans = row.get("pii_spans")
        if show_pii or not spans:
            return caption
        out, last = [], 0
        for span in sorted(spans, key=lambda s: s["start"]):
            if span["start"] < last:
                continue
            out += [caption[last:span["start"]], f"<{span['type']}>"]
            last = span["end"]
        return "".join(out) + caption[last:]

    return redact


def render_reports(run_dir: Path, *, show_pii: bool = False) -> list[Path]:
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    examples = pq.read_table(run_dir / "examples.parquet")
    md_path = run_dir / "report.md"
    write_text_atomic(md_path, render_markdown(summary, examples, redact=caption_for_report(show_pii)))
    return [md_path]
