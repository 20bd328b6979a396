"""Issue #16 (second adversarial pass), inputs and options: a FIFO among the inputs (item 7), seeds that do
not fit the sampler's 64-bit hash (item 8), a waiver approved in the future (item 15)."""

from __future__ import annotations

import datetime as dt
import os
import textwrap

import pyarrow.parquet as pq
import pytest
from hostile import laion_table, scan
from report_support import audit

POLICY = textwrap.dedent("""\
    schema_version: 1
    name: stock
    rules:
      - id: STOCK
        title: Stock host
        category: copyright
        severity: high
        when: copyright_risk_host
        message: From a stock agency.
        how_to_fix: Remove it.
    """)


def test_fifo_in_an_input_directory_is_skipped_and_recorded(tmp_path):
    """Item 7: opening a FIFO blocks forever; discovery must not open it, and must say so."""
    d = tmp_path / "data"
    d.mkdir()
    pq.write_table(laion_table(5), d / "a.parquet")
    os.mkfifo(d / "b.parquet")
    proc, summary, signals = scan(d, tmp_path / "run", checks="license")  # 300 s timeout: a hang fails
    assert proc.returncode == 2, proc.stderr
    assert signals.num_rows == 5
    [err] = summary["file_errors"]
    assert err["file"].endswith("b.parquet") and "FIFO" in err["error"], err


def test_fifo_named_on_the_command_line_is_a_clear_error(tmp_path):
    fifo = tmp_path / "x.parquet"
    os.mkfifo(fifo)
    proc = audit("scan", fifo, "--checks", "license", "--quiet", "--out", tmp_path / "run", timeout=60)
    assert proc.returncode == 2
    assert "FIFO" in proc.stderr and str(fifo) in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("seed", ["-1", str(2**70), str(2**64)])
def test_seed_outside_64_bits_is_rejected_before_any_work(tmp_path, seed):
    """Item 8: rejected by the parser (documented in --help), no half-made run directory."""
    data = tmp_path / "a.parquet"
    pq.write_table(laion_table(20), data)
    proc = audit("scan", data, "--checks", "license", "--quiet", "--sample", "5", "--seed", seed,
                 "--out", tmp_path / "run")
    assert proc.returncode == 2 and "--seed" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "run").exists()


def test_largest_seed_is_accepted(tmp_path):
    data = tmp_path / "a.parquet"
    pq.write_table(laion_table(20), data)
    proc, summary, _ = scan(data, tmp_path / "run", "--sample", "5", "--seed", str(2**64 - 1))
    assert proc.returncode in (0, 1), proc.stderr
    assert summary["sample"]["seed"] == 2**64 - 1


def test_waiver_approved_in_the_future_is_refused_with_file_and_line(tmp_path):
    """Item 15."""
    data = tmp_path / "a.parquet"
    pq.write_table(laion_table(3), data)
    policy = tmp_path / "stock.yaml"
    policy.write_text(POLICY)
    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=2)).isoformat()
    waivers = tmp_path / "w.yaml"
    waivers.write_text("schema_version: 1\nwaivers:\n  - id: W1\n    rule: STOCK\n    domain: example.com\n"
                       f"    reason: license_acquired\n    approved_by: Legal\n    date: {tomorrow}\n")
    proc = audit("scan", data, "--checks", "license", "--quiet", "--policy", policy, "--waivers", waivers,
                 "--out", tmp_path / "run")
    assert proc.returncode == 2, proc.stderr
    assert f"{waivers}:8" in proc.stderr and "future" in proc.stderr and "waivers[0].date" in proc.stderr
    assert not (tmp_path / "run" / "signals.parquet").exists()


def test_a_sample_of_zero_rows_cannot_pass_the_gate(tmp_path):
    """Item 11: --sample that selects nothing is exit 2 saying so, never a pass with intervals [0, 1]."""
    data = tmp_path / "a.parquet"
    pq.write_table(laion_table(20, license_cycle=("CC0",)), data)
    proc, summary, signals = scan(data, tmp_path / "run", "--sample", "0.000001")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "sample was empty" in proc.stdout
    assert summary["sample"]["rows_sampled"] == 0 and summary["exit_code"] == 2
    assert summary["gate"]["passed"] is False
    assert signals.num_rows == 20
