"""Issue #16 item 5: a resume sees the same waiver and policy content, and judges waiver expiry on the
date the run started; an edited file is refused by name."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

from runs_support import run_scan, scan_cmd, scan_env

ARGS = ("--checks", "license", "--batch-size", "2500", "--quiet")
POLICY = """schema_version: 1
name: stock
rules:
  - id: COPYRIGHT-STOCK-HOST
    title: Stock host
    category: copyright
    severity: high
    when: copyright_risk_host
    message: From a stock agency.
    how_to_fix: Remove it.
"""
WAIVERS = """schema_version: 1
waivers:
  - {id: SHUTTER, rule: COPYRIGHT-STOCK-HOST, domain: shutterstock.com, reason: license_acquired,
     approved_by: Legal, date: 2026-01-01, expires: 2026-06-01}
"""


def interrupted(data: Path, out: Path, *extra) -> None:
    proc = subprocess.Popen(scan_cmd(data, *ARGS, *extra, "--out", out), env=scan_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list((out / "parts").glob("*.done.json")) if (out / "parts").is_dir() else []) < 2:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=120)
    assert proc.returncode == 130


def test_edited_waiver_or_policy_file_refuses_the_resume(many_groups, tmp_path):
    waivers = tmp_path / "w.yaml"
    waivers.write_text(WAIVERS)
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY)
    out = tmp_path / "run"
    interrupted(many_groups, out, "--waivers", waivers, "--policy", policy)
    pinned = json.loads((out / "manifest.json").read_text())["waivers"]
    assert pinned["path"] == str(waivers) and len(pinned["sha256"]) == 64 and pinned["today"]

    waivers.write_text(WAIVERS.replace("shutterstock.com", "gettyimages.com"))
    proc = run_scan(many_groups, *ARGS, "--waivers", waivers, "--policy", policy, "--resume", out)
    assert proc.returncode == 2
    assert f"audit: error: {waivers}: cannot resume: this waiver file changed" in proc.stderr, proc.stderr

    waivers.write_text(WAIVERS)
    policy.write_text(policy.read_text() + "\n# edited\n")
    proc = run_scan(many_groups, *ARGS, "--waivers", waivers, "--policy", policy, "--resume", out)
    assert proc.returncode == 2
    assert f"audit: error: {policy}: cannot resume: this policy file changed" in proc.stderr, proc.stderr

    policy.write_text(POLICY)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["waivers"]["today"] = "2026-03-01"  # as if the run had started while the waiver was in force
    (out / "manifest.json").write_text(json.dumps(manifest))
    proc = run_scan(many_groups, *ARGS, "--waivers", waivers, "--policy", policy, "--resume", out)
    assert proc.returncode in (0, 1), proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["waivers"]["today"] == "2026-03-01"  # the pinned date, not the resume's
    assert summary["waivers"]["expired"] == []
