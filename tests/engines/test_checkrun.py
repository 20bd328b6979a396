"""One way to run a check (issue #22): both engines call `run_check`, so a crashing check and a check that breaks
its contract fail the same way everywhere - that batch's rows get `error:<check>_failed` and null signals, the
reason is counted in summary.json's check_failures, and the scan goes on to exit 2 (an incomplete audit).

The end-to-end test makes the real license check misbehave inside real scans (local and Ray) through a
sitecustomize on the child's PYTHONPATH: the only way to get a faulty check into a subprocess and Ray workers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from auditor.checks.base import Check
from auditor.checks.license import LicenseCheck
from auditor.engines.checkrun import assemble_signals, failed_status, run_check, signals_schema
from auditor.errors import InputError

REPO = Path(__file__).resolve().parents[2]


class Short(LicenseCheck):
    def run(self, batch):
        return super().run(batch).slice(0, batch.num_rows - 1)


class Crash(LicenseCheck):
    def run(self, batch):
        raise ValueError("boom " + "x" * 1000)


class Refuse(LicenseCheck):
    def run(self, batch):
        raise InputError("bad input the user must fix")


def batch(n: int = 3) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict({"key": [f"k{i}" for i in range(n)], "license": ["CC-BY-4.0"] * n,
                                       "url": ["https://example.org/a.jpg"] * n})


@pytest.mark.parametrize(("cls", "fragment"), [(Short, "broke its contract"), (Crash, "ValueError: boom")])
def test_a_failing_check_gives_null_signals_and_a_reason(cls, fragment):
    check = cls()
    signals, reason = run_check(check, batch())
    assert fragment in reason and len(reason) <= 500
    assert signals.num_rows == 3 and signals.schema == check.schema()
    assert all(signals.column(i).null_count == 3 for i in range(signals.num_columns))


def test_a_good_check_returns_its_signals_and_no_reason():
    signals, reason = run_check(LicenseCheck(), batch())
    assert reason is None and signals.column("license_id").to_pylist() == ["CC-BY-4.0"] * 3


def test_an_audit_error_still_stops_the_scan():
    with pytest.raises(InputError):
        run_check(Refuse(), batch())


def test_assembled_status_marks_the_failed_rows():
    good, bad = LicenseCheck(), Crash()
    b = batch(2)
    ident = [b.column("key"), pa.DictionaryArray.from_arrays(pa.array([0, 0], pa.int32()), pa.array(["f"])),
             pa.array([0, 1], pa.int64())]
    schema = signals_schema([good])
    out = assemble_signals(ident, [(good, bad.empty_signals(2), failed_status(bad, 2))], schema)
    assert out.column("status").to_pylist() == ["error:license_failed"] * 2


CULPRIT = '''
import auditor.checks.license as lic
_run = lic.LicenseCheck.run
def run(self, batch):
    out = _run(self, batch)
    values = batch.column("license").to_pylist()  # a check is given only its input_columns
    return out.slice(0, out.num_rows - 1) if any("break-contract" in (v or "") for v in values) else out
lic.LicenseCheck.run = run
'''


@pytest.mark.parametrize("engine", ["local", "ray"])
def test_both_engines_record_a_contract_break_the_same_way(engine, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(CULPRIT)
    n = 40
    urls = [f"https://example.org/{i}.jpg" for i in range(n)]
    licenses = ["CC-BY-4.0"] * n
    licenses[25] = "break-contract"
    pq.write_table(pa.table({"URL": urls, "TEXT": ["a photo"] * n, "LICENSE": licenses}),  # LAION: LICENSE is read
                   tmp_path / "d.parquet")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)])}
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", str(tmp_path / "d.parquet"), "--checks",
                           "license", "--batch-size", "20", "--quiet", "--workers", "2", "--engine", engine,
                           "--out", str(tmp_path / "run")], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 2, proc.stderr
    assert (tmp_path / "run" / "summary.json").is_file(), proc.stderr[-4000:]  # exit 2 is also "could not run"
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    [failure] = summary["check_failures"]
    assert failure["check"] == "license" and failure["rows"] == 20 and "broke its contract" in failure["error"]
    signals = pq.read_table(tmp_path / "run" / "signals.parquet").sort_by("row_index")
    status = signals.column("status").to_pylist()
    assert status == ["ok"] * 20 + ["error:license_failed"] * 20
    assert signals.column("license_id").to_pylist()[20:] == [None] * 20


class _Recorder(Check):
    """Records the columns it was given."""

    name = "recorder"
    input_columns = ("url", "license", "not_in_this_dataset")
    signals = {"recorder_seen": pa.string()}
    seen: list[str] = []

    def run(self, batch):
        self.seen = batch.schema.names
        return pa.RecordBatch.from_arrays([pa.array([",".join(self.seen)] * batch.num_rows)],
                                          schema=self.schema())


def test_a_check_is_given_only_its_input_columns():
    """Issue #22: `input_columns` is used, not just declared: run_check hands a check those columns and no other
    (in its declared order; an optional column the dataset lacks is simply absent), on both engines."""
    batch = pa.record_batch({"key": ["a"], "license": ["CC-BY-4.0"], "caption": ["x"], "url": ["https://e.org/"]})
    check = _Recorder()
    out, reason = run_check(check, batch)
    assert reason is None and check.seen == ["url", "license"]
    assert out.column("recorder_seen").to_pylist() == ["url,license"]
