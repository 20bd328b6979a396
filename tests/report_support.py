"""Helpers for report, runs, waiver and adversarial tests: generated datasets and real CLI runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "report" / "golden"


def audit(*args, cwd=None, env=None, timeout=300) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess (as CI runs it), resolved to this checkout."""
    full_env = dict(os.environ, PYTHONPATH=str(REPO), **(env or {}))
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=full_env, timeout=timeout)


def write_laion(path: Path, rows: list[dict]) -> Path:
    """A LAION-layout parquet (URL, TEXT, LICENSE, punsafe) from plain rows."""
    cols = {"URL": pa.array([r.get("URL") for r in rows], pa.string()),
            "TEXT": pa.array([r.get("TEXT") for r in rows], pa.string()),
            "LICENSE": pa.array([r.get("LICENSE") for r in rows], pa.string()),
            "punsafe": pa.array([r.get("punsafe") for r in rows], pa.float64())}
    pq.write_table(pa.table(cols), path)
    return path


def strict_json(text: str):
    """json.loads that refuses NaN/Infinity (what allow_nan=False promises)."""
    def bad(const):
        raise ValueError(f"non-standard JSON constant {const}")
    return json.loads(text, parse_constant=bad)


def scan(data: Path, out: Path, *extra, expect=(0, 1)) -> dict:
    proc = audit("scan", data, "--checks", "license", "--quiet", "--out", out, *extra)
    assert proc.returncode in expect, proc.stderr + proc.stdout
    return strict_json((out / "summary.json").read_text(encoding="utf-8"))
