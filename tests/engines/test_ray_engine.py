"""The Ray engine gives the local engine's outputs, byte for byte once read back (issue #7).

A small mixed input (two parquet files with several row groups each, one CSV: several units, two
schemas) is scanned by both engines with a local Ray limited to 2 CPUs; signals, findings and examples
must be equal tables and the summaries equal except timings and the checks' volatile facts (cache hits, rates).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "bench"))
from compare import read_decoded  # noqa: E402
from datagen import generate  # noqa: E402

from auditor.checks.registry import check_class  # noqa: E402

pytest.importorskip("ray")
ARGS = ("--checks", "license", "--batch-size", "2000", "--quiet", "--workers", "2")
VOLATILE = ("elapsed_s", "rows_per_s", "command_line")


def scan(*args, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), **kwargs.pop("env", {})}
    return subprocess.run([sys.executable, "-m", "auditor", "scan", *map(str, args)], capture_output=True,
                          text=True, timeout=300, env=env, **kwargs)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    generate(root / "a.parquet", 30_000, chunk=5_000)
    generate(root / "b.parquet", 12_000, chunk=12_000, seed=1)
    csv = pq.read_table(root / "b.parquet").select(["URL", "TEXT"]).rename_columns(["url", "caption"])
    pacsv.write_csv(csv.slice(0, 5_000), root / "c.csv")
    return root


def load(run: Path) -> dict:
    summary = json.loads((run / "summary.json").read_text())
    for key in VOLATILE:
        summary.pop(key)
    for name, facts in summary["checks"].items():  # counters summed over Ray actors equal the local run's,
        for key in check_class(name).volatile_facts:  # except cache- and timing-dependent ones
            facts.pop(key)
    return {"summary": summary, **{n: read_decoded(run / f"{n}.parquet") for n in ("signals", "findings",
                                                                                    "examples")}}


@pytest.fixture(scope="module")
def local_run(mixed, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("local") / "run"
    proc = scan(mixed, *ARGS, "--out", out)
    assert proc.returncode == 1, proc.stderr
    return load(out)


def assert_equal_runs(got: dict, want: dict) -> None:
    for name in ("signals", "findings", "examples"):
        assert got[name].equals(want[name]), name
    assert got["summary"] == want["summary"]  # check counters included: summed over actors and attempts
    assert got["summary"]["checks"]["license"]["rows"] == 47_000
    keys = got["signals"].column("key")
    assert len(keys.unique()) == keys.length() == 47_000


def test_ray_engine_equals_local_engine(mixed, local_run, tmp_path):
    proc = scan(mixed, *ARGS, "--engine", "ray", "--out", tmp_path / "run")
    assert proc.returncode == 1, proc.stderr
    assert_equal_runs(load(tmp_path / "run"), local_run)


def test_ray_engine_with_waivers_equals_local_engine(mixed, tmp_path):
    """Waivers are applied on the driver from the canonical rows Ray sends back (URL, host)."""
    waivers = tmp_path / "w.yaml"
    waivers.write_text("schema_version: 1\nwaivers:\n  - {id: SHUTTER, rule: COPYRIGHT-STOCK-HOST, "
                       "domain: shutterstock.com, reason: license_acquired, approved_by: Legal, date: 2026-01-01}\n")
    runs = {}
    for engine in ("local", "ray"):
        proc = scan(mixed, *ARGS, "--waivers", waivers, "--engine", engine, "--out", tmp_path / engine)
        assert proc.returncode == 1, proc.stderr
        runs[engine] = load(tmp_path / engine)
    assert_equal_runs(runs["ray"], runs["local"])
    waived = read_decoded(tmp_path / "ray" / "waived.parquet")
    assert waived.num_rows > 0 and waived.equals(read_decoded(tmp_path / "local" / "waived.parquet"))


def test_sample_is_refused_on_ray(mixed, tmp_path):
    proc = scan(mixed, *ARGS, "--sample", "0.1", "--engine", "ray", "--out", tmp_path / "run")
    assert proc.returncode == 2 and "--sample is not supported with --engine ray" in proc.stderr


def test_local_run_killed_then_resumed_on_ray(mixed, local_run, tmp_path):
    """The manifest pins results, not the engine: a local run may be finished on a cluster."""
    out = tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "scan", str(mixed), *ARGS, "--out", str(out)],
                            env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list((out / "parts").glob("*.done.json")) if (out / "parts").is_dir() else True:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    resumed = scan(mixed, *ARGS, "--engine", "ray", "--resume", out)
    assert resumed.returncode == 1, resumed.stderr
    assert_equal_runs(load(out), local_run)


def test_engine_ray_without_ray_is_a_clear_error(mixed, tmp_path):
    fake = tmp_path / "fake"
    (fake / "ray").mkdir(parents=True)
    (fake / "ray" / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    proc = scan(mixed, *ARGS, "--engine", "ray", "--out", tmp_path / "run",
                env={"PYTHONPATH": f"{fake}{os.pathsep}{REPO}"})
    assert proc.returncode == 2
    assert "--engine ray needs Ray" in proc.stderr and "auditor[ray]" in proc.stderr
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("args,message", [
    (("--ray-address", "auto"), "--ray-address needs --engine ray"),
    (("--engine", "spark"), "--engine must be one of local, ray"),
])
def test_engine_flag_errors(mixed, tmp_path, args, message):
    proc = scan(mixed, *ARGS, *args, "--out", tmp_path / "run")
    assert proc.returncode == 2 and message in proc.stderr
