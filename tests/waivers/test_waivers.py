"""Waivers: every load error (file, line, key), every scope (keys, URL glob, domain), expiry, unused
waivers, and the gate: waived findings are reported apart and do not fail it."""

import datetime as dt
import textwrap

import pyarrow.parquet as pq
import pytest
from report_support import scan, write_laion

from auditor.errors import ConfigError
from auditor.waivers.loader import load_waivers
from auditor.waivers.match import glob_to_like

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
RULES = ["STOCK"]


def waiver(**over) -> str:
    base = {"id": "W1", "rule": "STOCK", "keys": '["a#0"]', "reason": "license_acquired",
            "approved_by": "Legal (J. Doe)", "date": "2026-01-10"}
    base.update(over)
    body = "".join(f"    {k}: {v}\n" for k, v in base.items() if v is not None)
    return "schema_version: 1\nwaivers:\n  -\n" + body


@pytest.mark.parametrize(("text", "line", "key", "msg"), [
    (waiver(colour="red"), 10, "waivers[0].colour", "unknown key"),
    (waiver(reason="because"), 7, "waivers[0].reason", "unknown reason"),
    (waiver(rule="NOPE"), 5, "waivers[0].rule", "unknown rule"),
    (waiver(date="10/01/2026"), 9, "waivers[0].date", "not a date"),
    (waiver(keys=None), 4, "waivers[0]", "must cover something"),
    (waiver(expires="2025-01-01"), 4, "waivers[0]", "before date"),
    (waiver(domain="'bad domain'"), 10, "waivers[0].domain", "pattern"),
    (waiver() + "  -\n" + waiver().split("  -\n")[1], 11, "waivers[1].id", "duplicate waiver id"),
    ("schema_version: 1\nwaivers:\n  - !!python/object/apply:os.system [touch /tmp/pwned]\n", 3, None, "tag"),
    ("schema_version: 1\nwaivers: &a [*a]\n", 2, None, "anchors"),
])
def test_bad_waiver_files_name_file_line_and_key(tmp_path, text, line, key, msg):
    path = tmp_path / "waivers.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_waivers(path, RULES)
    err = info.value
    assert err.file == str(path) and err.line == line and msg in err.message
    if key:
        assert err.column == key


@pytest.mark.parametrize(("glob", "like"), [("https://x.com/*", "https://x.com/%"), ("a?b", "a_b"),
                                            ("100%_x", "100\\%\\_x")])
def test_glob_to_like(glob, like):
    assert glob_to_like(glob) == like


def test_expiry_is_judged_against_today(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(waiver(expires="2026-06-30"))
    assert load_waivers(path, RULES, today=dt.date(2026, 6, 30)).active
    assert load_waivers(path, RULES, today=dt.date(2026, 7, 1)).expired


@pytest.fixture(scope="module")
def stock_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("waive")
    data = write_laion(d / "a.parquet", [
        {"URL": "https://www.shutterstock.com/1.jpg"},       # a#0: waived by key
        {"URL": "https://stock.adobe.com/photo/2.jpg"},      # a#1: waived by URL glob
        {"URL": "https://images.shutterstock.com/3.jpg"},    # a#2: waived by domain (subdomain)
        {"URL": "https://www.gettyimages.com/4.jpg"},        # a#3: expired waiver -> still a finding
        {"URL": "https://example.com/5.jpg"},                # a#4: never flagged
    ])
    policy = d / "stock.yaml"
    policy.write_text(POLICY)
    waivers = d / "waivers.yaml"
    waivers.write_text(textwrap.dedent("""\
        schema_version: 1
        waivers:
          - {id: BY-KEY, rule: STOCK, keys: ["a.parquet#0"], reason: license_acquired, approved_by: Legal,
             date: 2026-01-01}
          - {id: BY-GLOB, rule: STOCK, url_glob: "https://stock.adobe.com/*", reason: license_acquired,
             approved_by: Legal, date: 2026-01-01, expires: 2999-01-01}
          - {id: BY-DOMAIN, rule: STOCK, domain: shutterstock.com, reason: false_positive, approved_by: Ann,
             date: 2026-01-01}
          - {id: OLD, rule: STOCK, domain: gettyimages.com, reason: license_acquired, approved_by: Legal,
             date: 2020-01-01, expires: 2021-01-01}
          - {id: UNUSED, rule: STOCK, keys: ["nope#1"], reason: removed_before_release, approved_by: Legal,
             date: 2026-01-01}
        """))
    return data, policy, waivers, d


def test_waived_findings_reported_apart_and_expired_one_fails_the_gate(stock_run):
    data, policy, waivers, d = stock_run
    s = scan(data, d / "run", "--policy", policy, "--waivers", waivers, expect=(1,))
    w = s["waivers"]
    assert {a["id"]: a["findings"] for a in w["applied"]} == {"BY-KEY": 1, "BY-GLOB": 1, "BY-DOMAIN": 1}
    assert [x["id"] for x in w["expired"]] == ["OLD"] and [x["id"] for x in w["unused"]] == ["UNUSED"]
    assert s["findings"]["by_rule"]["STOCK"] == 1 and s["rows"]["with_findings"] == 1
    assert pq.read_table(d / "run" / "findings.parquet").column("key").to_pylist() == ["a.parquet#3"]
    waived = pq.read_table(d / "run" / "waived.parquet").to_pydict()
    assert sorted(zip(waived["key"], waived["waiver_id"], waived["reason"], strict=True)) == [
        ("a.parquet#0", "BY-KEY", "license_acquired"), ("a.parquet#1", "BY-GLOB", "license_acquired"),
        ("a.parquet#2", "BY-DOMAIN", "false_positive")]
    md = (d / "run" / "report.md").read_text()
    # numbered after scope, methodology, results, obligations and findings (auditor/report/sections.py)
    assert "## 6. Waivers" in md and "OLD" in md and "UNUSED" in md


def test_all_waived_passes_the_gate(stock_run, tmp_path):
    data, policy, _, d = stock_run
    waivers = tmp_path / "all.yaml"
    waivers.write_text("schema_version: 1\nwaivers:\n  - {id: ALL, rule: STOCK, url_glob: 'https://*', "
                       "reason: removed_before_release, approved_by: Release mgr, date: 2026-01-01}\n")
    s = scan(data, tmp_path / "run", "--policy", policy, "--waivers", waivers, expect=(0,))
    assert s["gate"]["passed"] and s["waivers"]["waived_by_rule"] == {"STOCK": 4}


def test_bad_waiver_file_stops_the_scan_before_work(stock_run, tmp_path):
    from report_support import audit

    data, policy, _, _ = stock_run
    bad = tmp_path / "bad.yaml"
    bad.write_text(waiver(rule="NOT-A-RULE"))
    proc = audit("scan", data, "--checks", "license", "--policy", policy, "--waivers", bad, "--quiet",
                 "--out", tmp_path / "r")
    assert proc.returncode == 2 and "bad.yaml:5" in proc.stderr and "NOT-A-RULE" in proc.stderr
    assert not (tmp_path / "r").exists()  # stopped before creating anything
