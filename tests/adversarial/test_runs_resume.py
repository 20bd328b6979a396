"""Issue #8 item 30 / issue #7: interrupt a scan (SIGINT, SIGTERM, SIGKILL), resume, get a clean run's outputs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pyarrow.compute as pc
import pytest
from runs_support import outputs, read_decoded, run_scan, scan_cmd, scan_env

#: batch 2500 -> units of 4 x 2500 = one 10k row group: 30 units, so a run is reliably caught mid-way
ARGS = ("--checks", "license", "--batch-size", "2500", "--quiet")
UNITS = 30


@pytest.fixture(scope="module")
def clean_run(many_groups, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "run"
    proc = run_scan(many_groups, *ARGS, "--out", out)
    assert proc.returncode == 1, proc.stderr  # default policy: stock hosts fail the gate
    return out


def markers(run: Path) -> list[Path]:
    return sorted((run / "parts").glob("*.done.json")) if (run / "parts").is_dir() else []


def interrupt_after_markers(data: Path, out: Path, sig: int, at_least: int = 2) -> tuple[int, str]:
    """Start a scan and send `sig` once `at_least` units are durable (so the run is really mid-way)."""
    proc = subprocess.Popen(scan_cmd(data, *ARGS, "--out", out), env=scan_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(markers(out)) < at_least:
        assert proc.poll() is None, f"scan ended before it could be interrupted: {proc.communicate()}"
        assert time.monotonic() < deadline, "no unit finished within 120 s"
        time.sleep(0.01)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=120)
    return proc.returncode, stderr


def assert_same_as_clean(run: Path, clean: Path) -> None:
    got, want = outputs(run), outputs(clean)
    keys = got["signals"].column("key")
    assert pc.count_distinct(keys).as_py() == keys.length() == want["signals"].num_rows  # no duplicate, none missing
    for name in ("signals", "findings", "examples"):
        assert got[name].equals(want[name]), name
    assert got["summary"] == want["summary"]
    assert not (run / "parts").exists()  # parts are removed once the final files exist


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 130), (signal.SIGKILL, -9)])
def test_interrupt_then_resume_equals_clean_run(many_groups, clean_run, tmp_path, sig, code):
    out = tmp_path / "run"
    returncode, stderr = interrupt_after_markers(many_groups, out, sig)
    assert returncode == code, stderr
    done = markers(out)
    assert 2 <= len(done) < UNITS  # interrupted mid-way: some units durable, not all
    for name in ("signals.parquet", "findings.parquet", "summary.json"):
        assert not (out / name).exists(), name  # nothing final under its final name
    if sig != signal.SIGKILL:
        assert f"--resume {out}" in stderr and str(many_groups) in stderr
        assert not list((out / "parts").glob("*.tmp"))  # in-flight unit discarded, not left half-written
    resumed = run_scan(many_groups, *ARGS, "--resume", out)
    assert resumed.returncode == 1, resumed.stderr
    assert_same_as_clean(out, clean_run)  # check counters too: summed over both attempts (auditor.stats)
    facts = json.loads((out / "summary.json").read_text())["checks"]["license"]
    assert facts["rows"] == 300_000 and "facts_cover" not in facts


def test_resume_of_finished_units_only_replays(many_groups, clean_run, tmp_path):
    """A marker's unit is not recomputed: its part files are what lands in the final output."""
    out = tmp_path / "run"
    interrupt_after_markers(many_groups, out, signal.SIGINT)
    first = markers(out)[0]
    marker = json.loads(first.read_text())
    assert marker["run_counts"]["rows_out"] == 10_000
    resumed = run_scan(many_groups, *ARGS, "--resume", out)
    assert resumed.returncode == 1, resumed.stderr
    assert_same_as_clean(out, clean_run)


@pytest.mark.parametrize("change", ["fail_on", "batch_size", "input_touched", "policy"])
def test_resume_refuses_a_different_run(many_groups, tmp_path, change):
    data = tmp_path / "data.parquet"
    data.write_bytes(many_groups.read_bytes())
    out = tmp_path / "run"
    interrupt_after_markers(data, out, signal.SIGKILL)
    args = list(ARGS)
    if change == "fail_on":
        args += ["--fail-on", "critical"]
    elif change == "batch_size":
        args[args.index("2500")] = "4000"
    elif change == "input_touched":
        data.write_bytes(data.read_bytes()[:-4] + b"PAR1")  # same bytes, new mtime: a different file
        import os
        os.utime(data, ns=(time.time_ns(), time.time_ns() + 10**9))
    else:
        policy = tmp_path / "p.yaml"
        policy.write_text("schema_version: 1\nname: t\nrules:\n  - id: STOCK\n    title: stock\n"
                          "    category: copyright\n    severity: high\n    when: copyright_risk_host\n"
                          "    message: m\n    how_to_fix: f\n")
        args += ["--policy", str(policy)]
    proc = run_scan(data, *args, "--resume", out)
    assert proc.returncode == 2
    assert "cannot resume" in proc.stderr and "manifest.json" in proc.stderr
    assert not (out / "signals.parquet").exists()


def test_resume_requires_a_run_directory(many_groups, tmp_path):
    proc = run_scan(many_groups, *ARGS, "--resume", tmp_path / "nope")
    assert proc.returncode == 2 and "no such run directory" in proc.stderr
    proc = run_scan(many_groups, *ARGS, "--resume", tmp_path)
    assert proc.returncode == 2 and "no manifest.json" in proc.stderr


def test_new_run_refuses_a_directory_holding_one(many_groups, clean_run):
    proc = run_scan(many_groups, *ARGS, "--out", clean_run)
    assert proc.returncode == 2 and "--resume" in proc.stderr


def test_second_sigint_aborts_at_once(many_groups, tmp_path):
    """The first signal asks for a clean stop; a second one does not wait for it (still exit 130)."""
    out = tmp_path / "run"
    proc = subprocess.Popen(scan_cmd(many_groups, *ARGS, "--out", out), env=scan_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not markers(out):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and f"--resume {out}" in stderr
    assert not (out / "signals.parquet").exists()
    resumed = run_scan(many_groups, *ARGS, "--resume", out)
    assert resumed.returncode == 1, resumed.stderr


def test_two_scans_cannot_share_a_run_directory(many_groups, tmp_path):
    import fcntl

    out = tmp_path / "run"
    interrupt_after_markers(many_groups, out, signal.SIGKILL)
    with open(out / ".lock", "a+") as held:  # another scan holds the directory
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        proc = run_scan(many_groups, *ARGS, "--resume", out)
    assert proc.returncode == 2 and "another scan is using this run directory" in proc.stderr
    resumed = run_scan(many_groups, *ARGS, "--resume", out)  # SIGKILL released the first scan's lock
    assert resumed.returncode == 1, resumed.stderr


def test_resume_from_another_directory_with_relative_paths(many_groups, clean_run, tmp_path):
    out = tmp_path / "run"
    interrupt_after_markers(many_groups, out, signal.SIGKILL)
    data_rel = os.path.relpath(many_groups, tmp_path)
    resumed = run_scan(data_rel, *ARGS, "--resume", "run", cwd=tmp_path)
    assert resumed.returncode == 1, resumed.stderr
    got, want = outputs(out), outputs(clean_run)
    for name in ("signals", "findings", "examples"):
        assert got[name].equals(want[name]), name
    assert got["summary"]["inputs"][0].pop("path") == data_rel  # the path as typed this time
    want["summary"]["inputs"][0].pop("path")
    assert got["summary"] == want["summary"]


WAIVERS = ("schema_version: 1\nwaivers:\n  - {id: SHUTTER, rule: COPYRIGHT-STOCK-HOST, domain: shutterstock.com, "
           "reason: license_acquired, approved_by: Legal, date: 2026-01-01}\n")


@pytest.mark.parametrize("extra", ["waivers", "sample"])
def test_resume_with_waivers_or_sample_equals_clean_run(many_groups, tmp_path, extra):
    """Waived findings (waived.parquet, summary.waivers) and sample counts are per unit too."""
    if extra == "waivers":
        (tmp_path / "w.yaml").write_text(WAIVERS)
        args = (*ARGS, "--waivers", tmp_path / "w.yaml")
    else:
        args = (*ARGS, "--sample", "0.1", "--seed", "7")
    clean = tmp_path / "clean"
    assert run_scan(many_groups, *args, "--out", clean).returncode in (0, 1)
    out = tmp_path / "run"
    proc = subprocess.Popen(scan_cmd(many_groups, *args, "--out", out), env=scan_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(markers(out)) < 2:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    resumed = run_scan(many_groups, *args, "--resume", out)
    assert resumed.returncode in (0, 1), resumed.stderr
    assert_same_as_clean(out, clean)
    if extra == "waivers":
        got, want = read_decoded(out / "waived.parquet"), read_decoded(clean / "waived.parquet")
        assert got.num_rows > 0 and got.equals(want)
        assert outputs(out)["summary"]["waivers"]["applied"][0]["findings"] == got.num_rows
    else:
        summary = outputs(out)["summary"]
        assert 0 < summary["sample"]["rows_sampled"] < 300_000


def test_resume_of_a_finished_run_is_refused(many_groups, clean_run):
    proc = run_scan(many_groups, *ARGS, "--resume", clean_run)
    assert proc.returncode == 2 and "already finished" in proc.stderr


@pytest.mark.parametrize("command,expected", [
    (["audit", "scan", "d.parquet", "--out", "r", "--quiet"], "audit scan d.parquet --quiet --resume /x/r"),
    (["audit", "scan", "a b.parquet", "--out=r"], "audit scan 'a b.parquet' --resume /x/r"),
    (["audit", "scan", "d", "--resume", "r"], "audit scan d --resume /x/r"),
])
def test_resume_command(command, expected):
    from pathlib import Path

    from auditor.scan import resume_command

    assert resume_command(command, Path("/x/r")) == expected


def test_ctrl_c_to_the_process_group_with_pii_workers(laion_10k, tmp_path):
    """A terminal Ctrl-C reaches the PII worker processes too: still exit 130, durable units, equal resume."""
    import pyarrow.parquet as pq

    data = tmp_path / "l2k.parquet"
    pq.write_table(pq.read_table(laion_10k).slice(0, 2000), data, row_group_size=500)
    args = ("--checks", "pii", "--batch-size", "125", "--workers", "2", "--quiet")
    clean = tmp_path / "clean"
    assert run_scan(data, *args, "--out", clean).returncode in (0, 1)
    out = tmp_path / "run"
    proc = subprocess.Popen(scan_cmd(data, *args, "--out", out), env=scan_env(), start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not markers(out):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130 and f"--resume {out}" in stderr, stderr
    assert len(markers(out)) < 4
    resumed = run_scan(data, *args, "--resume", out)
    assert resumed.returncode in (0, 1), resumed.stderr
    got, want = outputs(out), outputs(clean)
    for name in ("signals", "findings", "examples"):
        assert got[name].equals(want[name]), name
    # per-check facts (captions analyzed, captions/s) describe this attempt's work only: a known gap
    got["summary"].pop("checks"), want["summary"].pop("checks")
    assert got["summary"] == want["summary"]
