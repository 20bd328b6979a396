"""Not evaluated is never zero: rules whose columns the dataset lacks, or whose check did not run, are
"not evaluated (reason)" in summary.json, the console, report.md and report.html; missing input columns
are named. Real scans of real LAION rows (laion-10k has only URL and TEXT)."""

import os
import re
import stat
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from report_support import REPO, audit, strict_json, write_laion


@pytest.fixture(scope="module")
def bare(tmp_path_factory, laion_10k):
    """200 real LAION rows, URL and TEXT only, license check only: scanned by the real CLI."""
    d = tmp_path_factory.mktemp("coverage")
    pq.write_table(pq.read_table(laion_10k).slice(0, 200), d / "laion200.parquet")
    out = d / "run"
    proc = audit("scan", d / "laion200.parquet", "--checks", "license", "--quiet", "--out", out)
    assert proc.returncode in (0, 1), proc.stderr
    return out, strict_json((out / "summary.json").read_text()), proc.stdout


def test_summary_lists_no_data_rules_with_a_reason_and_no_count(bare):
    _, s, _ = bare
    skipped = {r["id"]: r for r in s["policy"]["not_evaluated"]}
    for rid, column in (("SAFETY-UNSAFE", "punsafe"), ("COPYRIGHT-WATERMARK", "pwatermark"),
                        ("HUMAN-FACES-IN-DATA", "num_faces")):
        assert rid in skipped and column in skipped[rid]["reason"]
        assert rid not in s["findings"]["by_rule"]  # absent, never 0
        assert rid in s["gate"]["not_evaluated"]
    assert "faces were not checked" in skipped["HUMAN-FACES-DETECTED"]["reason"]
    assert "content_safety" not in s["findings"]["rows_by_category"]
    assert s["coverage"]["missing_input_columns"][0] == "license"
    assert not any(v == 0 for k, v in s["findings"]["by_rule"].items() if k in skipped)


def test_console_names_rules_not_evaluated_and_missing_columns(bare):
    _, _, stdout = bare
    assert "dataset has no column for: license" in stdout
    assert re.search(r"^  - SAFETY-UNSAFE: the dataset has no .*punsafe", stdout, flags=re.M)
    assert "(0 rows/s)" not in stdout


@pytest.mark.parametrize(("elapsed", "rate", "shown"), [(0.2, 0.4, False), (3.0, 0.3, False), (4.0, 50.0, True)])
def test_console_rate_only_when_meaningful(bare, elapsed, rate, shown):
    import io

    from rich.console import Console

    from auditor.report.console import print_scan_result

    out, s, _ = bare
    buf = io.StringIO()
    print_scan_result(Console(file=buf, width=200), dict(s, elapsed_s=elapsed, rows_per_s=rate), out)
    assert ("rows/s" in buf.getvalue()) is shown


def test_reports_say_not_evaluated_never_zero(bare):
    out, _, _ = bare
    md = (out / "report.md").read_text()
    html = (out / "report.html").read_text()
    row = next(line for line in md.splitlines() if line.startswith("| SAFETY\\-UNSAFE |"))
    assert "not evaluated" in row and "| 0 |" not in row
    assert re.search(r"<td>SAFETY-UNSAFE</td>.*?<td class=\"not-evaluated\">not evaluated \(", html)
    assert "This dataset has no license" in md and "This dataset has no license" in html
    assert "Content\\-safety review: not assessed" in md and "Content-safety review: not assessed" in html
    assert "SAFETY-UNSAFE 0" not in html  # no zero bar in the rule chart
    svg = re.search(r'<svg[^>]*aria-labelledby="c-rule-t".*?</svg>', html, flags=re.S).group(0)
    assert "SAFETY" not in svg and "evaluated rules only" in svg


def test_a_dataset_with_the_column_is_evaluated(tmp_path):
    """The same rule with data present is evaluated: a 0 there is a real 0 (the test above can fail)."""
    rows = [{"URL": f"https://example.com/{i}.jpg", "TEXT": "a cat", "LICENSE": "CC BY 4.0", "punsafe": 0.01}
            for i in range(20)]
    data = write_laion(tmp_path / "d.parquet", rows)
    proc = audit("scan", data, "--checks", "license", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode in (0, 1), proc.stderr
    s = strict_json((tmp_path / "run" / "summary.json").read_text())
    skipped = {r["id"] for r in s["policy"]["not_evaluated"]}
    assert "SAFETY-UNSAFE" not in skipped and s["findings"]["by_rule"]["SAFETY-UNSAFE"] == 0
    assert "COPYRIGHT-WATERMARK" in skipped  # still no pwatermark column
    assert "license" not in s["coverage"]["missing_input_columns"]


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_outputs_follow_the_umask_and_no_lock_stays(tmp_path, mask):
    rows = [{"URL": f"https://example.com/{i}.jpg", "TEXT": "x", "LICENSE": "CC0"} for i in range(5)]
    data = write_laion(tmp_path / "d.parquet", rows)
    out = tmp_path / "run"
    code = (f"import os, sys; os.umask({mask}); from auditor.cli import app; "
            f"sys.argv = ['audit', 'scan', {str(data)!r}, '--checks', 'license', '-q', '--out', {str(out)!r}]; app()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert proc.returncode in (0, 1), proc.stderr
    assert not (out / ".lock").exists()
    want = 0o666 & ~mask
    for name in ("report.md", "report.html", "summary.json", "manifest.json", "signals.parquet", "findings.csv"):
        assert stat.S_IMODE((out / name).stat().st_mode) == want, name
