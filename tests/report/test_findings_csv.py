"""findings.csv: every finding beside the short reports, with formula-like cells defused."""

import csv

import pyarrow as pa
import pyarrow.parquet as pq
from report_support import GOLDEN, scan

from auditor.report.findings_csv import defuse, write_findings_csv


def test_csv_has_every_finding(tmp_path):
    out = tmp_path / "run"
    s = scan(GOLDEN / "input.jsonl", out)
    rows = list(csv.DictReader((out / "findings.csv").open(encoding="utf-8")))
    assert len(rows) == pq.read_metadata(out / "findings.parquet").num_rows == sum(s["findings"]["by_rule"].values())
    assert {r["rule_id"] for r in rows} == {k for k, v in s["findings"]["by_rule"].items() if v}


def test_formula_cells_are_defused(tmp_path):
    arr = pa.array(["=HYPERLINK(\"x\")", "+1", "-2", "@a", "\tb", "ok", None])
    assert defuse(arr).to_pylist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@a", "'\tb", "ok", None]
    t = pa.table({"key": pa.array(["=cmd|' /C calc'!A0"]), "rule_id": pa.array(["R"]).dictionary_encode(),
                  "row_index": pa.array([3], pa.int64())})
    pq.write_table(t, tmp_path / "f.parquet")
    write_findings_csv(tmp_path / "f.parquet", tmp_path / "f.csv")
    row = next(csv.DictReader((tmp_path / "f.csv").open(encoding="utf-8")))
    assert row == {"key": "'=cmd|' /C calc'!A0", "rule_id": "R", "row_index": "3"}


def test_no_findings_gives_a_header_only_file(tmp_path):
    t = pa.table({"key": pa.array([], pa.string()), "rule_id": pa.array([], pa.string())})
    pq.write_table(t, tmp_path / "f.parquet")
    write_findings_csv(tmp_path / "f.parquet", tmp_path / "f.csv")
    assert (tmp_path / "f.csv").read_text() == '"key","rule_id"\n'


def test_dictionary_cells_are_defused_on_the_dictionary(tmp_path):
    """Dictionary columns (file, rule, evidence) are defused on their distinct values and stay encoded."""
    files = pa.array(["=evil.parquet", "ok.parquet", "=evil.parquet", None]).dictionary_encode()
    out = defuse(files)
    assert pa.types.is_dictionary(out.type)
    assert out.to_pylist() == ["'=evil.parquet", "ok.parquet", "'=evil.parquet", None]
    assert len(out.dictionary) == 2
    t = pa.table({"key": pa.array(["a", "b", "c", "d"]), "source_file": files})
    pq.write_table(t, tmp_path / "f.parquet")
    write_findings_csv(tmp_path / "f.parquet", tmp_path / "f.csv")
    cells = [r["source_file"] for r in csv.DictReader((tmp_path / "f.csv").open(encoding="utf-8"))]
    assert cells == ["'=evil.parquet", "ok.parquet", "'=evil.parquet", ""]
