"""The installed `audit` command end to end, as a CI job would run it: exit codes and output files."""

import json
import subprocess

import pyarrow as pa
import pyarrow.parquet as pq
import pytest


def audit(*args, cwd=None):
    return subprocess.run(["audit", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def laion_run(tmp_path_factory, laion_10k):
    out = tmp_path_factory.mktemp("run") / "laion"
    proc = audit("scan", laion_10k, "--checks", "license", "--quiet", "--out", out)
    return proc, out


def test_scan_real_laion_sample_writes_every_output(laion_run, laion_10k):
    proc, out = laion_run
    assert proc.returncode == 1, proc.stderr  # stock hosts are high: the default gate fails
    for name in ("signals.parquet", "findings.parquet", "summary.json", "report.md", "examples.parquet"):
        assert (out / name).is_file(), name
    signals = pq.read_table(out / "signals.parquet")
    assert signals.num_rows == 10_000
    assert len(signals.column("key").unique()) == 10_000
    assert sorted(signals.column("row_index").to_pylist()) == list(range(10_000))
    summary = json.loads((out / "summary.json").read_text())
    assert summary["rows"] == {**summary["rows"], "in": 10_000, "out": 10_000, "accounted": True}
    assert summary["inputs"][0]["sha256"] == "cfa6bcb629614e66d4c286f0c9511a79482b9f5d5c42025b3622225660dea897"
    assert summary["license_families"] == {"unknown": 10_000}  # LAION-10k has no LICENSE column
    assert summary["exit_code"] == 1 and not summary["gate"]["passed"]
    findings = pq.read_table(out / "findings.parquet")
    per_rule = findings.group_by("rule_id").aggregate([("key", "count")]).to_pydict()
    assert dict(zip(per_rule["rule_id"], per_rule["key_count"], strict=True)) == {
        k: v for k, v in summary["findings"]["by_rule"].items() if v}
    assert "verdict: FAIL" in proc.stdout


def test_gate_passes_when_fail_on_is_critical_and_no_threshold(tmp_path, laion_10k):
    policy = tmp_path / "p.yaml"
    policy.write_text("schema_version: 1\nname: t\nrules:\n  - id: STOCK\n    title: stock\n"
                      "    category: copyright\n    severity: high\n    when: copyright_risk_host\n"
                      "    message: m\n    how_to_fix: f\n")
    proc = audit("scan", laion_10k, "--checks", "license", "--policy", policy, "--fail-on", "critical",
                 "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "run" / "summary.json").read_text())["findings"]["by_rule"]["STOCK"] > 0


def test_missing_url_column_is_exit_2_with_one_line(tmp_path):
    p = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"TEXT": ["a"], "other": [1]}), p)
    proc = audit("scan", p, "--profile", "laion", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "columns found: TEXT, other" in proc.stderr and str(p) in proc.stderr
    assert not (tmp_path / "run" / "summary.json").exists()


def test_broken_policy_is_exit_2_naming_file_and_line(tmp_path, laion_10k):
    policy = tmp_path / "p.yaml"
    policy.write_text("schema_version: 1\nname: t\nrules:\n  - id: X1\n    titel: typo\n")
    proc = audit("scan", laion_10k, "--policy", policy, "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2
    assert f"{policy}:5" in proc.stderr and "titel" in proc.stderr


def test_unknown_check_is_a_clear_error(tmp_path, laion_10k):
    proc = audit("scan", laion_10k, "--checks", "license,telepathy", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2
    assert "unknown check 'telepathy'" in proc.stderr


def test_unreadable_file_among_good_ones_is_reported_and_exit_2(tmp_path, laion_10k):
    d = tmp_path / "data"
    d.mkdir()
    pq.write_table(pq.read_table(laion_10k).slice(0, 100), d / "a.parquet")
    (d / "b.parquet").write_bytes(b"PAR1 this is not parquet")
    proc = audit("scan", d, "--checks", "license", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert [e["file"] for e in summary["file_errors"]] == [str(d / "b.parquet")]
    assert summary["rows"]["out"] == 100


def test_output_dir_with_a_run_is_not_overwritten(laion_run, laion_10k):
    _, out = laion_run
    proc = audit("scan", laion_10k, "--checks", "license", "--quiet", "--out", out)
    assert proc.returncode == 2 and "already holds a run" in proc.stderr


@pytest.mark.parametrize("args", [["--help"], ["scan", "--help"], ["rules", "--help"]])
def test_help_explains_itself(args):
    proc = audit(*args)
    assert proc.returncode == 0 and "Usage" in proc.stdout


def test_rules_commands():
    assert "COPYRIGHT-STOCK-HOST" in audit("rules", "list").stdout
    shown = audit("rules", "show", "COPYRIGHT-STOCK-HOST")
    assert "copyright_risk_host" in shown.stdout
    missing = audit("rules", "show", "NOPE")
    assert missing.returncode == 2 and "unknown rule id" in missing.stderr
