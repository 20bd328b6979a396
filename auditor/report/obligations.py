"""The obligations section of both reports: what a model or derived dataset trained on these rows must
honour (summary.json `obligations`, sentences from auditor.obligations). Kept apart from the other
sections so either report can place it with one line; absent from summaries written before it existed.
"""

from __future__ import annotations

from typing import Any

from auditor.obligations import obligation_sentences
from auditor.report.escape import md_escape

TITLE = "Obligations of a model or derived dataset trained on these rows"


def markdown_section(summary: dict[str, Any]) -> list[str]:
    ob = summary.get("obligations")
    if not ob:
        return []
    return [f"## {TITLE}", ""] + [f"- {md_escape(line, 2000)}" for line in obligation_sentences(ob)] + [""]
