"""`audit export RUN_DIR --drop CATEGORY[,...] --out clean.parquet`: the dataset minus flagged rows.

Rows are dropped when findings.parquet (which holds no waived findings: those are in waived.parquet)
has a finding of a dropped category for them; waived rows are kept. Findings name their input row (file
and row index), so rows sharing a dataset id are dropped or kept each on its own. The input files named in
summary.json are streamed batch by batch (all their columns, unchanged) after checking their sha256, and
a manifest says how many rows were dropped per rule and category, plus a parquet of the dropped keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from auditor.errors import ConfigError, InputError
from auditor.outputs import FINDINGS_FILE, WAIVED_FILE
from auditor.runs.common import BATCH, input_files, iter_parquet, load_summary, strings
from auditor.sinks import AtomicParquetWriter, write_json_atomic
from auditor.sources.readers import open_reader


def _dropped_findings(run_dir: Path, categories: list[str]) -> pa.Table:
    """Findings of the dropped categories with the input row they are about (file name, row index)."""
    path = run_dir / FINDINGS_FILE
    missing = {"source_file", "row_index"} - set(pq.read_schema(path).names)
    if missing:
        raise InputError("findings.parquet has no row identity (written by an older auditor); scan again "
                         "to export", file=str(path), column=",".join(sorted(missing)))
    parts = []
    for b in iter_parquet(path, ["key", "source_file", "row_index", "rule_id", "category"]):
        cat = strings(b.column("category")).cast(pa.string())
        hit = pc.is_in(cat, value_set=pa.array(categories))
        if pc.any(hit).as_py():
            sub = b.filter(hit)
            parts.append(pa.table({"key": strings(sub.column("key")).cast(pa.string()),
                                   "source_file": strings(sub.column("source_file")).cast(pa.string()),
                                   "row_index": sub.column("row_index"),
                                   "rule_id": strings(sub.column("rule_id")).cast(pa.string()),
                                   "category": cat.filter(hit)}))
    if not parts:
        return pa.table({"key": pa.array([], pa.string()), "source_file": pa.array([], pa.string()),
                         "row_index": pa.array([], pa.int64()), "rule_id": pa.array([], pa.string()),
                         "category": pa.array([], pa.string())})
    return pa.concat_tables(parts)


def _rows_by_file(flagged: pa.Table) -> dict[str, np.ndarray]:
    """input file name -> sorted distinct row indices to drop."""
    files = flagged.column("source_file").to_numpy(zero_copy_only=False)
    rows = flagged.column("row_index").to_numpy(zero_copy_only=False)
    return {str(name): np.unique(rows[files == name]).astype(np.int64) for name in np.unique(files)}


def _rows_per_category(flagged: pa.Table, categories: list[str]) -> dict[str, int]:
    """Distinct input rows with a finding, per dropped category (ids may repeat; rows do not)."""
    rows = flagged.group_by(["category", "source_file", "row_index"], use_threads=False).aggregate([])
    counts = _counts(rows.column("category").combine_chunks()) if rows.num_rows else {}
    return {c: counts.get(c, 0) for c in sorted(categories)}


def _counts(arr: pa.Array) -> dict[str, int]:
    return {x["values"]: x["counts"] for x in sorted(pc.value_counts(arr).to_pylist(), key=lambda x: x["values"])}


def unevaluated(summary: dict[str, Any], categories: list[str]) -> tuple[list[str], list[str]]:
    """(dropped categories no rule of which was evaluated, ids of dropped-category rules not evaluated).

    A category whose rules never ran has no findings - not because its rows are clean, but because
    nobody looked: dropping "its" rows would silently drop nothing.
    """
    ran = {r["category"] for r in summary["policy"].get("rules", [])}
    never = sorted(c for c in categories if c not in ran)
    skipped = sorted(r["id"] for r in summary["policy"].get("not_evaluated", []) if r.get("category") in categories)
    return never, skipped


def export_clean(run_dir: Path, drop: list[str], out: Path, *, allow_unevaluated: bool = False) -> dict[str, Any]:
    summary = load_summary(run_dir)
    known = list(dict.fromkeys([*summary["findings"]["rows_by_category"],
                                *(r["category"] for r in summary["policy"].get("rules", [])),
                                *(r["category"] for r in summary["policy"].get("not_evaluated", []))]))
    unknown = [c for c in drop if c not in known]
    if not drop or unknown:
        raise ConfigError(f"--drop: unknown category {', '.join(unknown) or '(none given)'}; "
                          f"known: {', '.join(known)}", column="--drop")
    never, rules_not_run = unevaluated(summary, drop)
    if never and not allow_unevaluated:
        raise ConfigError(f"--drop: no rule of {', '.join(never)} was evaluated in this run (their checks did "
                          "not run), so nothing would be dropped for them; scan with those checks, or pass "
                          "--allow-unevaluated to export anyway", file=str(run_dir), column="--drop")
    if summary.get("sample"):
        raise ConfigError("export needs a full scan: rows outside the sample were never checked", column="--drop")
    files = input_files(summary)
    flagged = _dropped_findings(run_dir, drop)
    drop_rows = _rows_by_file(flagged)
    readers = [open_reader(f) for f in files]
    schema = pa.unify_schemas([r.schema() for r in readers], promote_options="permissive")
    writer = AtomicParquetWriter(out, schema, unique_columns=())
    per_file, rows_in, rows_out = [], 0, 0
    try:
        for f, reader in zip(files, readers, strict=True):
            dropped = drop_rows.get(f.name, np.array([], dtype=np.int64))
            start = n_in = n_out = 0
            for batch in reader.iter_batches(reader.columns(), BATCH):
                idx = np.arange(start, start + batch.num_rows, dtype=np.int64)
                keep = ~np.isin(idx, dropped, assume_unique=True)
                kept = batch.filter(pa.array(keep))
                cols = [kept.column(n).cast(fld.type) if n in kept.schema.names else pa.nulls(kept.num_rows, fld.type)
                        for fld in schema for n in [fld.name]]
                writer.write(pa.RecordBatch.from_arrays(cols, schema=schema))
                start += batch.num_rows
                n_in += batch.num_rows
                n_out += int(keep.sum())
            per_file.append({"path": f.path, "name": f.name, "rows_in": n_in, "rows_dropped": n_in - n_out})
            rows_in, rows_out = rows_in + n_in, rows_out + n_out
    except BaseException:
        writer.abort()
        raise
    writer.close()
    dropped_path = out.with_name(out.stem + ".dropped.parquet")
    pq.write_table(flagged.sort_by([("key", "ascending"), ("rule_id", "ascending")]), dropped_path)
    waived_path = run_dir / WAIVED_FILE
    waived = pq.read_metadata(waived_path).num_rows if waived_path.is_file() else 0
    manifest = {
        "run_dir": str(run_dir), "output": str(out), "dropped_categories": sorted(drop),
        "rows_in": rows_in, "rows_out": rows_out, "rows_dropped": rows_in - rows_out,
        "dropped_rows_by_category": _rows_per_category(flagged, drop),
        "dropped_findings_by_rule": _counts(flagged.column("rule_id").combine_chunks()) if flagged.num_rows else {},
        "waived_findings_kept": waived, "dropped_keys": str(dropped_path), "inputs": per_file,
        "policy": summary["policy"].get("files", []),
        "unevaluated_categories": never, "rules_not_evaluated": rules_not_run,
        "allow_unevaluated": allow_unevaluated,
    }
    write_json_atomic(out.with_name(out.stem + ".manifest.json"), manifest)
    return manifest
