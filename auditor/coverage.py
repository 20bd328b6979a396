"""What a run could not evaluate, and why: so "not checked" is never reported as "0 rows".

A rule can be left unevaluated two ways. Its check did not run (no images were given, so no faces
check): the policy session already lists those. Or its check ran but every value the rule reads is null
because the dataset lacks the column (LAION-10k has no NSFW or watermark scores, so SAFETY-UNSAFE reads
only nulls): the rule then finds 0 rows, which would read as "checked, clean". This module finds the
second kind after the scan, from signals.parquet (streamed column by column, stopping at the first
non-null value, so a column with data costs one batch), and names the input columns the dataset lacks.

A rule that found rows is evaluated whatever its columns look like (`license_family is null` fires on
nulls). Everything is recorded in summary.json so every report reads the same answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from auditor.limits import BATCH_ROWS

#: signal -> the input column (as a reviewer would name it) whose absence leaves it empty
SIGNAL_INPUT = {
    "data_nsfw": "NSFW", "data_punsafe": "punsafe", "data_pwatermark": "pwatermark",
    "data_watermark_score": "watermark_score", "data_nsfw_score": "nsfw_score",
    "data_num_faces": "num_faces", "data_face_bboxes": "face_bboxes",
    "data_face_count": "num_faces/face_bboxes", "data_similarity": "similarity", "data_width": "width",
    "data_height": "height", "data_download_status": "status",
}

#: check name -> why it usually did not run (said to a reviewer)
CHECK_REASON = {
    "faces": "faces were not checked because no images were given (--images, --image-col or --fetch-images)",
    "consent": "opt-out signals were not fetched (network checks are off; add --consent)",
    "pii": "captions were not checked for personal data (no caption column, or --checks left pii out)",
    "commons": "Wikimedia Commons license data was not looked up (add --commons)",
}


def empty_columns(signals_path: Path, names: list[str]) -> set[str]:
    """The columns among `names` that are null on every row of signals.parquet."""
    if not signals_path.is_file():
        return set()
    pf = pq.ParquetFile(signals_path)
    present = [n for n in names if n in pf.schema_arrow.names]
    empty = set()
    for name in present:
        has_data = False
        for batch in pf.iter_batches(columns=[name], batch_size=BATCH_ROWS):
            col = batch.column(0)
            if col.null_count < len(col):
                has_data = True
                break
        if not has_data:
            empty.add(name)
    return empty


def no_license_column(signals_path: Path) -> bool:
    """True when the license check saw no license column at all (license_match is "no-column" everywhere)."""
    if not signals_path.is_file() or "license_match" not in pq.read_schema(signals_path).names:
        return False
    for batch in pq.ParquetFile(signals_path).iter_batches(columns=["license_match"], batch_size=BATCH_ROWS):
        col = batch.column(0)
        if col.null_count or not pc.all(pc.equal(col.cast("string"), "no-column")).as_py():
            return False
    return True


def check_reason(checks: list[str]) -> str:
    return "; ".join(CHECK_REASON.get(c, f"the {c} check did not run") for c in checks)


def annotate_coverage(summary: dict[str, Any], signals_path: Path) -> None:
    """Add `coverage` to summary.json and list no-data rules in policy.not_evaluated and gate.not_evaluated."""
    policy = summary["policy"]
    for r in policy.get("not_evaluated", []):
        r.setdefault("reason", check_reason(r.get("missing_checks", [])))
    by_rule = summary["findings"]["by_rule"]
    candidates = [r for r in policy.get("rules", []) if not by_rule.get(r["id"]) and r.get("signals")]
    names = sorted({s for r in candidates for s in r["signals"]})
    empty = empty_columns(signals_path, names)
    # the input columns a rule of this policy would have read (not every column some dataset may carry)
    missing = sorted({SIGNAL_INPUT[s] for s in empty if s in SIGNAL_INPUT})
    if no_license_column(signals_path):
        missing.insert(0, "license")
    summary["coverage"] = {"missing_input_columns": missing, "empty_signals": sorted(empty)}
    listed = {r["id"] for r in policy.get("not_evaluated", [])}
    for r in candidates:
        if r["id"] in listed or not set(r["signals"]) <= empty:
            continue
        cols = sorted({SIGNAL_INPUT.get(s, s) for s in r["signals"]})
        policy.setdefault("not_evaluated", []).append({
            "id": r["id"], "title": r["title"], "category": r["category"], "severity": r["severity"],
            "missing_checks": [], "missing_signals": sorted(r["signals"]),
            "reason": "the dataset has no " + " or ".join(cols) + " column (every value is empty)"})
    skipped = {r["id"] for r in policy.get("not_evaluated", [])}
    summary["gate"]["not_evaluated"] = sorted(skipped, key=[r["id"] for r in policy.get("not_evaluated", [])].index)
    # absent, not 0: a count of a rule that could not run would read as "checked, clean"
    for counts in (summary["findings"]["by_rule"], policy.get("counts", {}).get("per_rule", {})):
        for rid in skipped:
            counts.pop(rid, None)
    evaluated_cats = {r["category"] for r in policy.get("rules", []) if r["id"] not in skipped}
    for counts in (summary["findings"]["rows_by_category"], policy.get("counts", {}).get("per_category", {})):
        for cat in [c for c in counts if c not in evaluated_cats]:
            counts.pop(cat)


def missing_columns_text(summary: dict[str, Any]) -> str | None:
    """"This dataset has no license, NSFW label ... column" or None."""
    cols = summary.get("coverage", {}).get("missing_input_columns") or []
    if not cols:
        return None
    return "This dataset has no " + ", ".join(cols) + " column" + ("s" if len(cols) > 1 else "") + "."
