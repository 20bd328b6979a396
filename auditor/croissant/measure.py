"""The numbers the RAI fields state, from summary.json and a columnar pass over signals.parquet.

Only counts are read (value_counts per batch over a few signal columns): no captions, no URLs, no PII.
A measurement whose check did not run is None, so the sentence can say "not measured" instead of 0.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq

from auditor.outputs import SIGNALS_FILE
from auditor.runs.common import iter_parquet
from auditor.sampling import sampled_only
from auditor.sinks import value_counts

COLUMNS = ("status", "url_host", "pii_count", "pii_sensitive_context", "face_count")


@dataclass
class Measured:
    rows: int  # rows in the run
    evaluated: int  # rows the checks saw (the sample, if any)
    hosts: Counter = field(default_factory=Counter)
    pii_rows: int | None = None
    sensitive_rows: int | None = None
    face_known: int | None = None
    face_rows: int | None = None


def measure(run_dir: Path, summary: dict[str, Any]) -> Measured:
    path = run_dir / SIGNALS_FILE
    names = set(pq.read_schema(path).names) if path.is_file() else set()
    cols = [c for c in COLUMNS if c in names]
    m = Measured(rows=summary["rows"]["out"], evaluated=0)
    checks = summary.get("checks", {})
    pii, faces = "pii" in checks and "pii_count" in names, "faces" in checks and "face_count" in names
    if pii:
        m.pii_rows = m.sensitive_rows = 0
    if faces:
        m.face_known = m.face_rows = 0
    for batch in iter_parquet(path, cols):
        batch = sampled_only(batch)
        m.evaluated += batch.num_rows
        if "url_host" in cols:
            m.hosts.update(value_counts(batch.column("url_host")))
        if pii:
            m.pii_rows += int(pc.sum(pc.greater(pc.fill_null(batch.column("pii_count"), 0), 0)).as_py() or 0)
            if "pii_sensitive_context" in cols:
                m.sensitive_rows += int(pc.sum(pc.fill_null(batch.column("pii_sensitive_context"), False))
                                        .as_py() or 0)
        if faces:
            fc = batch.column("face_count")
            m.face_known += int(len(fc) - fc.null_count)
            m.face_rows += int(pc.sum(pc.greater(pc.fill_null(fc, 0), 0)).as_py() or 0)
    return m
