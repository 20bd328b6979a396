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
from auditor.outputs import SIGNALS_FILE
from auditor.report.escape import md_escape
from auditor.runs.common import gather_inputs, iter_parquet, load_summary, strings
from auditor.sinks import write_text_atomic

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00", "|", "%")
COLUMNS = ("license", "url", "creator", "credit", "key")
FULL = 1 << 20  # md_escape's length cap, high enough never to cut a URL or credit line


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: formula/DDE starters get a leading apostrophe; NUL removed."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text.replace("\x00", "")


def _flagged(run_dir: Path, unknown: list[int] | None = None) -> pa.Table:
    """Rows whose license requires attribution; `unknown[0]` counts rows whose license is not known."""
    names = None
    parts = []
    for b in iter_parquet(run_dir / SIGNALS_FILE):
        if unknown is not None and "license_family" in b.schema.names:
            fam = strings(b.column("license_family")).cast(pa.string())
            unknown[0] += int(pc.sum(pc.fill_null(pc.is_in(fam, pa.array(["unknown", "other"])), True)).as_py() or 0)
        names = b.schema.names
        if "license_attribution" not in names:
            raise InputError("signals.parquet has no license_attribution (the license check did not run)",
                             file=str(run_dir / SIGNALS_FILE))
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


def attribution_rows(run_dir: Path, unknown: list[int] | None = None) -> pa.Table:
    """One row per attributed image: license, url, creator, credit, key, sorted by license then URL."""
    summary = load_summary(run_dir)
    flagged = _flagged(run_dir, unknown)
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
    unknown = [0]
    table = attribution_rows(run_dir, unknown)
    data = table.to_pylist()
    rows = load_summary(run_dir)["rows"]["out"]
    lines = ["# Attribution", ""]
    if unknown[0] and unknown[0] >= rows:
        lines += ["Not evaluated: no row has a known license (the dataset has no usable license column), so "
                  "which images require attribution is unknown. This is not the same as none requiring it.", ""]
    else:
        lines += [f"{len(data)} images in this dataset are used under licenses that require attribution. "
                  "Grouped by license.", ""]
        if unknown[0]:
            lines += [f"{unknown[0]} more images have an unknown license: whether they need attribution is "
                      "not known, and they are not listed here.", ""]
    current = object()
    for row in data:
        if row["license"] != current:
            current = row["license"]
            lines += ["", f"## {md_escape(current or 'unknown')}", "", "| url | creator | credit |", "|---|---|---|"]
        # never shortened: an attribution must be complete
        lines.append(f"| {md_escape(row['url'], FULL)} | {md_escape(row['creator'] or '-', FULL)} | "
                     f"{md_escape(row['credit'] or '-', FULL)} |")
    write_text_atomic(out, "\n".join(lines).rstrip() + "\n")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for row in data:
        w.writerow([csv_cell(row[c]) for c in COLUMNS])
    csv_path = out.with_suffix(".csv")
    write_text_atomic(csv_path, buf.getvalue())
    return {"rows": len(data), "unknown_license_rows": unknown[0],
            "evaluated": not (unknown[0] and unknown[0] >= rows), "markdown": str(out), "csv": str(csv_path)}
