"""Issue #16 item 4: a float literal against a huge integer column (and the reverse, and an integer signal
against a float signal) is compared exactly; no value can crash the scan."""

from __future__ import annotations

import textwrap

import pyarrow as pa
import pyarrow.parquet as pq
from hostile import scan

RULE = """\
      - id: {id}
        title: t
        category: copyright
        severity: high
        when: "{when}"
        message: m
        how_to_fix: f
"""


def policy(tmp_path, rules: dict[str, str]):
    path = tmp_path / "p.yaml"
    path.write_text("schema_version: 1\nname: numbers\nrules:\n"
                    + "".join(textwrap.indent(RULE.format(id=k, when=v), "") for k, v in rules.items()))
    return path


def test_float_literal_against_a_width_beyond_2_53(tmp_path):
    big = 2**53 + 1
    data = tmp_path / "a.parquet"
    pq.write_table(pa.table({"URL": [f"https://example.com/{i}.jpg" for i in range(5)], "TEXT": ["c"] * 5,
                             "LICENSE": ["CC0"] * 5, "WIDTH": pa.array([big, 100, 513, None, 512], pa.int64()),
                             "HEIGHT": pa.array([1, 1, 1, 1, 1], pa.int64())}), data)
    p = policy(tmp_path, {"WIDE": "data_width > 512.5", "EXACT": "data_width == 100.0",
                          "HALF": "data_width == 512.5 or data_width in [100.5, 9007199254740992.0]",
                          "HUGE": "data_width >= 9007199254740993", "INF": "data_width < 1e300",
                          "NOTIN": "data_width not in [512.5, 100.0]"})
    proc, summary, signals = scan(data, tmp_path / "run", "--policy", p)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and signals.num_rows == 5
    findings = pq.read_table(tmp_path / "run" / "findings.parquet").to_pylist()
    hits = {(f["rule_id"], f["row_index"]) for f in findings}
    assert hits == {("WIDE", 0), ("WIDE", 2), ("EXACT", 1), ("HUGE", 0),
                    ("INF", 0), ("INF", 1), ("INF", 2), ("INF", 4),
                    ("NOTIN", 0), ("NOTIN", 2), ("NOTIN", 4)}
    assert summary["rows"]["by_status"] == {"ok": 5}


def test_int_signal_against_float_signal_is_exact(tmp_path):
    """2**53+1 and the double 2**53 differ; a cast to double would call them equal (or raise)."""
    big = 2**53 + 1
    data = tmp_path / "a.parquet"
    pq.write_table(pa.table({"URL": ["https://example.com/1.jpg"] * 3, "TEXT": ["c"] * 3, "LICENSE": ["CC0"] * 3,
                             "WIDTH": pa.array([big, 3, None], pa.int64()), "HEIGHT": pa.array([1, 1, 1], pa.int64()),
                             "punsafe": pa.array([float(2**53), 2.5, 1.0], pa.float64())}), data)
    p = policy(tmp_path, {"GT": "data_width > data_punsafe", "EQ": "data_width == data_punsafe",
                          "LT": "data_punsafe < data_width"})
    proc, _, signals = scan(data, tmp_path / "run", "--policy", p)
    assert proc.returncode == 1, proc.stderr
    findings = pq.read_table(tmp_path / "run" / "findings.parquet").to_pylist()
    assert {(f["rule_id"], f["row_index"]) for f in findings} == {("GT", 0), ("GT", 1), ("LT", 0), ("LT", 1)}
