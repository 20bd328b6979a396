"""Finished runs: diff, export and attribution round trips on real scans (row counts add up)."""

import csv
import json
import textwrap

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from report_support import GOLDEN, audit, scan, strict_json, write_laion

from auditor.runs.attribution import csv_cell


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("runs")
    rows = [{"URL": f"https://example.com/{i}.jpg", "TEXT": f"row {i}",
             "LICENSE": ["CC BY 4.0", "CC BY-NC 4.0", None, "CC0"][i % 4]} for i in range(40)]
    rows[5]["URL"] = "https://www.shutterstock.com/5.jpg"
    a = write_laion(d / "a.parquet", rows)
    changed = [dict(r) for r in rows]
    changed[1]["LICENSE"] = "CC0"          # a#1 resolved (was NC)
    changed[4]["LICENSE"] = "CC BY-NC 4.0"  # a#4 new (was CC BY)
    changed[2]["LICENSE"] = "CC BY-NC 4.0"  # a#2 changed (unknown -> NC)
    b_dir = d / "b"
    b_dir.mkdir()
    b = write_laion(b_dir / "a.parquet", changed)
    return scan(a, d / "ra"), d / "ra", scan(b, d / "rb"), d / "rb", d


def test_diff_new_resolved_changed(runs, tmp_path):
    _, ra, _, rb, _ = runs
    proc = audit("diff", ra, rb, "--out", tmp_path / "diff.parquet")
    assert proc.returncode == 0, proc.stderr
    summary = strict_json(proc.stdout.splitlines()[0])
    table = pq.read_table(tmp_path / "diff.parquet").to_pydict()
    got = dict(zip(table["key"], table["change"], strict=True))
    assert got == {"a.parquet#1": "resolved", "a.parquet#4": "new", "a.parquet#2": "changed"}
    assert summary["keys_flagged_a"] - summary["resolved"] + summary["new"] == summary["keys_flagged_b"]
    assert summary["unchanged"] + summary["changed"] + summary["resolved"] == summary["keys_flagged_a"]


def test_export_drops_flagged_rows_and_counts_add_up(runs, tmp_path):
    sa, ra, _, _, _ = runs
    out = tmp_path / "clean.parquet"
    proc = audit("export", ra, "--drop", "copyright", "--out", out)
    assert proc.returncode == 0, proc.stderr
    manifest = strict_json((tmp_path / "clean.manifest.json").read_text())
    clean = pq.read_table(out)
    flagged = set(pq.read_table(ra / "findings.parquet").column("key").to_pylist())
    assert manifest["rows_in"] == 40 == clean.num_rows + manifest["rows_dropped"]
    assert manifest["rows_dropped"] == len(flagged) == sa["findings"]["rows_by_category"]["copyright"]
    assert clean.schema.names == ["URL", "TEXT", "LICENSE", "punsafe"]
    assert "https://www.shutterstock.com/5.jpg" not in clean.column("URL").to_pylist()
    dropped = pq.read_table(tmp_path / "clean.dropped.parquet")
    assert set(dropped.column("key").to_pylist()) == flagged


def test_export_keeps_waived_rows(runs, tmp_path):
    _, _, _, _, d = runs
    policy = tmp_path / "p.yaml"
    policy.write_text(textwrap.dedent("""\
        schema_version: 1
        name: nc
        rules:
          - {id: NC, title: NC, category: copyright, severity: high, when: "license_family == 'cc-by-nc'",
             message: NC., how_to_fix: Drop.}
        """))
    waivers = tmp_path / "w.yaml"
    waivers.write_text("schema_version: 1\nwaivers:\n  - {id: W, rule: NC, keys: ['a.parquet#1'], "
                       "reason: license_acquired, approved_by: Legal, date: 2026-01-01}\n")
    run = tmp_path / "run"
    scan(d / "a.parquet", run, "--policy", policy, "--waivers", waivers)
    proc = audit("export", run, "--drop", "copyright", "--out", tmp_path / "clean.parquet")
    assert proc.returncode == 0, proc.stderr
    m = strict_json((tmp_path / "clean.manifest.json").read_text())
    assert m["rows_dropped"] == 9 and m["waived_findings_kept"] == 1 and m["rows_out"] == 31
    assert "https://example.com/1.jpg" in pq.read_table(tmp_path / "clean.parquet").column("URL").to_pylist()


def test_export_unknown_category_is_an_error(runs, tmp_path):
    proc = audit("export", runs[1], "--drop", "copyrite", "--out", tmp_path / "x.parquet")
    assert proc.returncode == 2 and "copyrite" in proc.stderr and not (tmp_path / "x.parquet").exists()


def test_attribution_groups_by_license(runs, tmp_path):
    _, ra, _, _, _ = runs
    proc = audit("attribution", ra, "--out", tmp_path / "ATTRIBUTION.md")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader((tmp_path / "ATTRIBUTION.csv").open()))
    licenses = [r["license"] for r in rows]
    assert licenses == sorted(licenses) and len(rows) == 20  # CC BY and CC BY-NC need attribution, CC0 not
    assert all(r["url"].startswith("https://") for r in rows)
    md = (tmp_path / "ATTRIBUTION.md").read_text()
    assert md.count("\n## ") == len(set(licenses))


@pytest.mark.parametrize(("value", "expected"), [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"),
                                                 ("\tx", "'\tx"), ("\x00=x", "'=x"), ("ok", "ok"), (None, "")])
def test_csv_cells_are_neutralized(value, expected):
    assert csv_cell(value) == expected


def test_report_with_other_policy_reevaluates_signals(tmp_path):
    run = tmp_path / "run"
    scan(GOLDEN / "input.jsonl", run)
    proc = audit("report", run, "--policy", "auditor/rules/research.yaml")
    assert proc.returncode == 0, proc.stderr
    new = strict_json((run / "policy-research" / "summary.json").read_text())
    assert new["policy"]["files"][0]["path"].endswith("research.yaml")
    assert pq.read_metadata(run / "policy-research" / "findings.parquet").num_rows == sum(
        new["findings"]["by_rule"].values())
    assert (run / "policy-research" / "report.html").is_file()
    examples = pq.read_table(run / "policy-research" / "examples.parquet").to_pylist()
    assert examples and all(e["url"] for e in examples)  # read back from the inputs, not left empty
    by_key = {f"input.jsonl#{i}": r for i, r in enumerate(
        json.loads(line) for line in (GOLDEN / "input.jsonl").read_text().splitlines())}
    assert all(e["url"] == by_key[e["key"]]["URL"] and e["caption"] == by_key[e["key"]]["TEXT"] for e in examples)


def test_diff_sorts_keys_naturally_says_when_it_truncates_and_warns_on_policy(tmp_path):
    from auditor.runs.diff import DIFF_SCHEMA, natural_sort

    keys = ["a#1000", "a#101", "a#9", "b#2", "a#10"]
    t = pa.table({"key": keys, "change": ["new"] * 5, "rules_a": [None] * 5, "rules_b": ["X"] * 5},
                 schema=DIFF_SCHEMA)
    assert natural_sort(t).column("key").to_pylist() == ["a#9", "a#10", "a#101", "a#1000", "b#2"]
    rows = [{"URL": f"https://example.com/{i}.jpg", "TEXT": "t", "LICENSE": None} for i in range(120)]
    a = write_laion(tmp_path / "a.parquet", rows)
    b_dir = tmp_path / "b"
    b_dir.mkdir()
    b = write_laion(b_dir / "a.parquet", [dict(r, LICENSE="CC0") for r in rows])
    ra, rb = tmp_path / "ra", tmp_path / "rb"
    scan(a, ra)
    research = GOLDEN.parents[2] / "rules" / "research.yaml"
    scan(b, rb, "--policy", research)
    proc = audit("diff", ra, rb, "--limit", "5")
    assert proc.returncode == 0, proc.stderr
    listed = [line.split()[1] for line in proc.stdout.splitlines()[1:6]]
    assert listed == ["a.parquet#0", "a.parquet#1", "a.parquet#2", "a.parquet#3", "a.parquet#4"]
    assert "showing 5 of 120 changed keys" in proc.stdout
    assert "different policies" in proc.stderr
    same = audit("diff", ra, ra)
    assert "different policies" not in same.stderr and "showing" not in same.stdout


def test_attribution_is_not_evaluated_without_licenses_and_keeps_full_urls(tmp_path):
    long_url = "https://example.com/" + "a" * 400 + ".jpg"
    rows = [{"URL": f"https://example.com/{i}.jpg", "TEXT": "t", "LICENSE": None} for i in range(10)]
    none = tmp_path / "none"
    scan(write_laion(tmp_path / "n.parquet", rows), none)
    proc = audit("attribution", none, "--out", tmp_path / "A.md")
    assert proc.returncode == 0 and "not evaluated" in proc.stdout and "0 attributed" not in proc.stdout
    assert "Not evaluated" in (tmp_path / "A.md").read_text()
    rows[0].update(URL=long_url, LICENSE="CC BY 4.0")
    some = tmp_path / "some"
    scan(write_laion(tmp_path / "s.parquet", rows), some)
    proc = audit("attribution", some, "--out", tmp_path / "B.md")
    assert "1 attributed rows; 9 rows with an unknown license" in proc.stdout
    md = (tmp_path / "B.md").read_text()
    assert "a" * 400 in md and "…" not in md
