"""Item 9 of issue 16 (and issue 14): Unicode look-alikes must not turn NC into commercial at the gate.

On main, `CC BY‑NC 4.0` with U+2011, an en dash, a zero-width space or a Cyrillic letter inside "NC",
and `…/licenses/by‑nc/4.0/`, all came out as CC BY with license_commercial=true, so `audit scan` with
rules/commercial-release.yaml passed non-commercial images with exit 0. A real parquet file holds those
strings next to rows that are cleared for commercial use; the real CLI must fail the gate (exit 1) on
exactly the look-alike rows, and the same scan without them must pass (exit 0).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hostile import scan

RULES = Path(__file__).resolve().parents[2] / "rules" / "commercial-release.yaml"
CLEARED = ["CC BY 4.0", "CC0", "https://creativecommons.org/licenses/by/4.0/"]
LOOKALIKES = [
    "CC BY\u2011NC 4.0",  # non-breaking hyphen
    "CC BY\u2013NC 4.0",  # en dash
    "CC BY-N\u200bC 4.0",  # zero-width space inside NC
    "CC BY-N\u0421 4.0",  # Cyrillic capital ES for C
    "https://creativecommons.org/licenses/by\u2011nc/4.0/",
    "CC BY-N\u0426 4.0",  # a Cyrillic letter with no Latin look-alike: unknown, not cleared either
]


def write(path: Path, licenses: list[str]) -> Path:
    n = len(licenses)
    pq.write_table(pa.table({"URL": [f"https://example.com/{i}.jpg" for i in range(n)],
                             "TEXT": [f"caption {i}" for i in range(n)], "LICENSE": licenses}), path)
    return path


def not_cleared_rows(out: Path) -> list[int]:
    findings = pq.read_table(out / "findings.parquet").to_pylist()
    return sorted(f["row_index"] for f in findings if f["rule_id"] == "COMMERCIAL-NOT-CLEARED")


def test_lookalike_nc_rows_fail_the_commercial_gate(tmp_path):
    data = write(tmp_path / "lookalikes.parquet", CLEARED + LOOKALIKES)
    proc, summary, signals = scan(data, tmp_path / "run", "--policy", RULES)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert summary["exit_code"] == 1
    bad = list(range(len(CLEARED), len(CLEARED) + len(LOOKALIKES)))
    assert not_cleared_rows(tmp_path / "run") == bad
    rows = signals.to_pylist()
    assert [r["license_commercial"] for r in rows] == [True] * 3 + [False] * 5 + [None]
    assert [r["license_family"] for r in rows[3:]] == ["cc-by-nc"] * 5 + ["unknown"]


def test_the_same_scan_without_lookalikes_passes(tmp_path):
    data = write(tmp_path / "cleared.parquet", CLEARED)
    proc, summary, _ = scan(data, tmp_path / "run", "--policy", RULES)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not_cleared_rows(tmp_path / "run") == []
