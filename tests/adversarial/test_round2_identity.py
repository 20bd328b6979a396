"""Issue #16 items 2 and 16: rows are told apart by input row, never by a dataset id that may repeat or
look like another row's fallback key."""

from __future__ import annotations

import textwrap

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from hostile import scan

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


def _data(path, urls, ids):
    pq.write_table(pa.table({"URL": urls, "TEXT": ["c"] * len(urls), "LICENSE": [None] * len(urls),
                             "ID": pa.array(ids, pa.string())}), path)
    return path


def test_domain_waiver_judges_each_row_by_its_own_url(tmp_path):
    """Item 2: a getty row and a shutterstock row share the dataset id; the getty waiver covers one row."""
    data = _data(tmp_path / "a.parquet", ["https://www.gettyimages.com/1.jpg", "https://www.shutterstock.com/2.jpg",
                                          "https://www.shutterstock.com/3.jpg"], ["dup", "dup", "other"])
    policy = tmp_path / "p.yaml"
    policy.write_text(POLICY)
    waivers = tmp_path / "w.yaml"
    waivers.write_text("schema_version: 1\nwaivers:\n  - {id: GETTY, rule: STOCK, domain: gettyimages.com, "
                       "reason: license_acquired, approved_by: Legal, date: 2026-01-01}\n")
    proc, summary, _ = scan(data, tmp_path / "run", "--policy", policy, "--waivers", waivers, "--id-col", "ID")
    assert proc.returncode == 1, proc.stderr
    waived = pq.read_table(tmp_path / "run" / "waived.parquet")
    assert waived.column("row_index").to_pylist() == [0]
    findings = pq.read_table(tmp_path / "run" / "findings.parquet")
    assert sorted(findings.column("row_index").to_pylist()) == [1, 2]
    assert summary["findings"]["rows_by_category"]["copyright"] == 2  # both shutterstock rows, dup or not
    assert summary["waivers"]["waived_by_rule"] == {"STOCK": 1}


def test_an_id_equal_to_a_fallback_key_cannot_collide(tmp_path):
    """Item 16: a.parquet row 0 carries the id `a.parquet#1`; row 1 has no id (fallback key)."""
    d = tmp_path / "data"
    d.mkdir()
    _data(d / "a.parquet", ["https://example.com/1.jpg"] * 3, ["a.parquet#1", None, "100%#x"])
    proc, _, signals = scan(d, tmp_path / "run", "--id-col", "ID")
    assert proc.returncode in (0, 1), proc.stderr
    keys = signals.sort_by("row_index").column("key").to_pylist()
    assert keys == ["a.parquet%231", "a.parquet#1", "100%25%23x"]
    assert pc.count_distinct(signals.column("key")).as_py() == 3
