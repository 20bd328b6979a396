"""The first screen: one plain verdict per review type with numbers and denominators, then next steps."""

import copy
import json

import pytest
from report_support import audit, write_laion

from auditor.aggregate import EXAMPLES_SCHEMA
from auditor.report.markdown import render_markdown
from auditor.report.model import build_model
from auditor.report.reviews import next_steps, reviews


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    d = tmp_path_factory.mktemp("reviews")
    rows = [{"URL": f"https://example.com/{i}.jpg", "TEXT": "a cat", "LICENSE": "CC BY-NC 4.0" if i < 3 else "CC0",
             "punsafe": 0.01} for i in range(40)]
    data = write_laion(d / "d.parquet", rows)
    proc = audit("scan", data, "--checks", "license", "--quiet", "--out", d / "run")
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads((d / "run" / "summary.json").read_text())


def _by_name(s):
    return {r.name: r for r in reviews(build_model(s, EXAMPLES_SCHEMA.empty_table()))}


def test_each_review_type_gets_a_plain_verdict(summary):
    got = _by_name(summary)
    assert got["Copyright review"].verdict == "needed"
    assert any(x.startswith("3 of 40 rows (7.5%): non-commercial") for x in got["Copyright review"].reasons)
    assert got["Consent / opt-out review"].verdict == "not assessed"
    assert "add --consent" in " ".join(got["Consent / opt-out review"].reasons)
    assert got["Human-subjects review"].verdict == "not assessed"  # faces and PII never ran
    assert "no images were given" in " ".join(got["Human-subjects review"].reasons)


def test_not_needed_only_when_every_rule_ran(summary):
    s = copy.deepcopy(summary)
    got = _by_name(s)
    assert got["Content-safety review"].verdict == "not needed"  # punsafe present, nothing unsafe
    s["policy"]["not_evaluated"].append({"id": "SAFETY-UNSAFE", "category": "content_safety",
                                         "reason": "the dataset has no punsafe column"})
    assert _by_name(s)["Content-safety review"].verdict == "not assessed"


def test_markdown_opens_with_the_first_screen(summary):
    md = render_markdown(summary, EXAMPLES_SCHEMA.empty_table())
    head = md.split("## 1.")[0]
    assert "## Summary for reviewers" in head and "Copyright review: needed" in head
    assert "**Gate: FAIL" in head or "**Gate: PASS" in head
    assert "What to do next" in head
    steps = " ".join(next_steps(build_model(summary, EXAMPLES_SCHEMA.empty_table())))
    assert "findings.csv" in steps
