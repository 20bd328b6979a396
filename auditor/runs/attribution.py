"""`audit attribution RUN_DIR --out ATTRIBUTION.md` (and ATTRIBUTION.csv): credits a release must carry.

Rows whose license requires attribution (signal license_attribution == true), grouped by license, with
the URL and, when the commons check ran, the creator and credit line. Markdown cells are escaped (no
links or images from data); CSV cells that a spreadsheet would run as a formula are neutralized.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from auditor.errors import InputError
from auditor.report.escape import md_escape
from auditor.runs.common import gather_inputs, iter_parquet, load_summary, strings
from auditor.sinks import write_text_atomic

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00", "|", "%")
COLUMNS = ("license", "url", "creator", "credit", "key")


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: formula/DDE starters get a leading apostrophe; NUL removed."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text.replace("\x00", "")


def _flagged(run_dir: Path) -> pa.Table:
    names = None
    parts = []
    for b in iter_parquet(run_dir / "signals.parquet"):
        names = b.schema.names
        if "license_attribution" not in names:
            raise InputError("signals.parquet has no license_attribution (the license check did not run)",
                             file=str(run_dir / "signals.parquet"))
        hit = pc.fill_null(b.column("license_attribution"), False)
        if not pc.any(hit).as_py():
            continue
        sub = b.filter(hit)
        cols = {"key": sub.column("key"), "source_file": sub.column("source_file"),
                "row_index": sub.column("row_index"),
                "license": pc.coalesce(strings(sub.column("license_id")).cast(pa.string()),
                                       strings(sub.column("license_family")).cast(pa.string()))}
        for sig, out in (("commons_artist", "creator"), ("commons_credit", "credit")):
            cols[out] = (strings(sub.column(sig)).cast(pa.string()) if sig in names
                         else pa.nulls(sub.num_rows, pa.string()))
        parts.append(pa.table({k: strings(v) if k != "row_index" else v for k, v in cols.items()}))
    return pa.concat_tables(parts) if parts else pa.table({c: pa.array([], pa.string()) for c in COLUMNS})


def attribution_rows(run_dir: Path) -> pa.Table:
    """One row per attributed image: license, url, creator, credit, key, sorted by license then URL."""
    summary = load_summary(run_dir)
    flagged = _flagged(run_dir)
    if not flagged.num_rows:
        return pa.table({c: pa.array([], pa.string()) for c in COLUMNS})
    files = strings(flagged.column("source_file")).cast(pa.string()).to_numpy(zero_copy_only=False)
    rows = flagged.column("row_index").to_numpy()
    url_np = gather_inputs(summary, files, rows, ("url",))["url"]
    urls = pa.array(url_np, pa.string())
    out = pa.table({"license": flagged.column("license"), "url": urls, "creator": flagged.column("creator"),
                    "credit": flagged.column("credit"), "key": flagged.column("key")})
    return out.sort_by([("license", "ascending"), ("url", "ascending"), ("key", "ascending")])


def write_attribution(run_dir: Path, out: Path) -> dict[str, Any]:
    table = attribution_rows(run_dir)
    data = table.to_pylist()
    lines = ["# Attribution", "", f"{len(data)} images in this dataset are used under licenses that require "
             "attribution. Grouped by license.", ""]
    current = object()
    for row in data:
        if row["license"] != current:
            current = row["license"]
            lines += ["", f"## {md_escape(current or 'unknown')}", "", "| url | creator | credit |", "|---|---|---|"]
        lines.append(f"| {md_escape(row['url'], 300)} | {md_escape(row['creator'] or '-', 200)} | "
                     f"{md_escape(row['credit'] or '-', 300)} |")
    write_text_atomic(out, "\n".join(lines).rstrip() + "\n")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for row in data:
        w.writerow([csv_cell(row[c]) for c in COLUMNS])
    csv_path = out.with_suffix(".csv")
    write_text_atomic(csv_path, buf.getvalue())
    return {"rows": len(data), "markdown": str(out), "csv": str(csv_path)}
