"""summary.json: the machine-readable record of one run.

It is what `audit report`, `audit diff` and CI read, so its shape is versioned (`schema_version`) and
documented in the README. Values come from counts, never from raw captions: no PII lands here.
"""

from __future__ import annotations

import hashlib
import platform
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from auditor import SCHEMA_VERSION, __version__
from auditor.aggregate import RunCounts
from auditor.sources.discover import InputFile


def sha256_file(path: str | Path, chunk: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


class FileHasher:
    """Hashes input files on a background thread while the scan runs (hashlib releases the GIL)."""

    def __init__(self, files: list[InputFile]) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="auditor-hash")
        self._futures: dict[str, Future] = {f.path: self._pool.submit(sha256_file, f.path) for f in files}

    def result(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for path, fut in self._futures.items():
            try:
                out[path] = fut.result()
            except OSError:
                out[path] = None
        self._pool.shutdown()
        return out


def counter_dict(counter: Any) -> dict[str, int]:
    """Sorted by count then name; None becomes "null" so the JSON stays strict."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return {("null" if k is None else str(k)): int(v) for k, v in items}


def build_summary(*, command_line: list[str], files: list[InputFile], hashes: dict[str, str | None],
                  rows_in: dict[str, int], counts: RunCounts, file_errors: list[dict],
                  check_failures: list[dict], checks: dict[str, dict], policy: dict[str, Any],
                  gate: dict[str, Any], elapsed_s: float, profile_by_file: dict[str, str]) -> dict[str, Any]:
    total_in = sum(rows_in.values())
    per_file = []
    for f in files:
        written = int(counts.by_file.get(f.name, 0))
        expected = rows_in.get(f.path)
        per_file.append({
            "path": f.path, "name": f.name, "format": f.format, "size": f.size,
            "sha256": hashes.get(f.path), "profile": profile_by_file.get(f.path),
            "rows_in": expected, "rows_out": written,
        })
    # a file that broke part-way with no stored row count (CSV/JSONL) may have held rows nobody saw: that
    # cannot be called accounted for (files that could not be opened at all are file errors, no rows)
    unknown_loss = any(e.get("stage") == "read" and e.get("rows_unread") is None for e in file_errors)
    accounted = not unknown_loss and counts.rows_out == total_in and all(
        p["rows_in"] is None or p["rows_in"] == p["rows_out"] for p in per_file
    )
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": __version__, "python": platform.python_version()},
        "command_line": command_line,
        "inputs": per_file,
        "file_errors": file_errors,
        "checks": checks,
        "check_failures": check_failures,
        "policy": policy,
        "rows": {
            "in": total_in,
            "out": counts.rows_out,
            "accounted": accounted,
            "by_status": counter_dict(counts.by_status),
            "with_findings": policy["counts"]["rows_with_findings"],
        },
        "license_families": counter_dict(counts.by_license_family),
        "signals": {name: counter_dict(c) for name, c in sorted(counts.extra.items())},
        "findings": {
            "by_rule": counter_dict(policy["counts"]["per_rule"]),
            "by_severity": counter_dict(counts.findings_by_severity),
            "rows_by_category": counter_dict(policy["counts"]["per_category"]),
        },
        "gate": gate,
        "elapsed_s": round(elapsed_s, 3),
        "rows_per_s": round(counts.rows_out / elapsed_s, 1) if elapsed_s > 0 else None,
    }
