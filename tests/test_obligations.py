"""Dataset-level obligations (auditor/obligations.py) on real scans: counts per term, unknown kept unknown,
the obligations rule pack gating on them, and the section in both reports."""

import re

import pytest
from report_support import REPO, scan, write_laion

from auditor.obligations import build_obligations, obligation_sentences
from auditor.report.escape import md_escape

LICENSES = ["CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC-SA 4.0", "CC BY-ND 4.0", "All rights reserved", None,
            "CC0", "CC BY-NC 4.0"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("obligations")
    rows = [{"URL": f"https://example.com/{i}.jpg", "TEXT": f"row {i}", "LICENSE": LICENSES[i % 8]}
            for i in range(80)]
    data = write_laion(d / "data.parquet", rows)
    summary = scan(data, d / "run", "--policy", REPO / "rules" / "default.yaml", "--policy",
                   REPO / "rules" / "obligations.yaml")
    return summary, d / "run"


def test_counts_per_term(run):
    ob = run[0]["obligations"]
    assert ob["evaluated"] and ob["rows"] == 80 and not ob["sampled"]
    # 10 rows of each license; BY, BY-SA, BY-NC-SA, BY-ND, BY-NC need attribution; CC0 and ARR do not
    assert ob["attribution"]["works"] == 50
    assert ob["share_alike"]["works"] == 20 and ob["share_alike"]["reaches_trained_model"] == "unsettled"
    assert "counsel" in ob["share_alike"]["note"]
    assert any("ShareAlike" in w for w in ob["share_alike"]["license_wording"])
    assert ob["non_commercial"]["works"] == 30  # BY-NC-SA, BY-NC, all rights reserved
    assert ob["no_license_granted"]["works"] == 10
    assert ob["no_derivatives"]["works"] == 20  # BY-ND, all rights reserved
    assert ob["unknown"]["works"] == 10  # the missing license: never counted as free
    assert ob["most_restrictive"]["terms"] == ["unknown terms", "no license granted", "no derivatives",
                                               "non-commercial", "share-alike", "attribution"]
    assert ob["attribution"]["list"].startswith("audit attribution")


def test_policy_gates_on_obligations(run):
    summary, _ = run
    by_rule = summary["findings"]["by_rule"]
    ob = summary["obligations"]
    for rule, key in (("OBLIGATION-ATTRIBUTION", "attribution"), ("OBLIGATION-SHARE-ALIKE", "share_alike"),
                      ("OBLIGATION-NONCOMMERCIAL", "non_commercial"), ("OBLIGATION-NO-DERIVATIVES", "no_derivatives"),
                      ("OBLIGATION-UNKNOWN-TERMS", "unknown")):
        assert by_rule[rule] == ob[key]["works"], rule
    reasons = summary["gate"]["reasons"]
    assert any(r.startswith("threshold OBLIGATIONS-SHARE-ALIKE-MAX exceeded: 20 of 80") for r in reasons)


def test_not_evaluated_is_not_zero():
    ob = build_obligations(None, license_ran=False)
    assert ob == {"evaluated": False, "reason": "the license check did not run: obligations are unknown"}
    assert obligation_sentences(ob) == ["Obligations not evaluated: the license check did not run: obligations are "
                                        "unknown."]
    empty = build_obligations({}, license_ran=True)
    assert empty["rows"] == 0 and "nothing is known" in empty["most_restrictive"]["statement"]


def test_counts_are_floors_when_terms_are_unknown():
    ob = build_obligations({"?|?|?|?|unknown|": 7, "y|n|y|y|cc-by|CC-BY-4.0": 3}, license_ran=True)
    lines = obligation_sentences(ob)
    assert lines[0].startswith("Attribution is required for 3 of 10 works among works with known terms (the 7 "
                               "works with unknown terms may add to it)")
    assert lines[2] == "No commercial use for 0 works among works with known terms (the 7 works with unknown " \
                       "terms may add to it)."
    known = obligation_sentences(build_obligations({"y|n|y|y|cc-by|CC-BY-4.0": 3}, license_ran=True))
    assert known[2] == "No commercial use for 0 works."


def test_sample_is_said(run):
    ob = build_obligations({"y|n|n|y|cc-by-nc-sa|CC-BY-NC-SA-4.0": 3}, license_ran=True, sampled=True)
    assert "sampled rows" in obligation_sentences(ob)[0]


def test_both_reports_have_the_section(run):
    _, out = run
    md = (out / "report.md").read_text(encoding="utf-8")
    assert re.search(r"^## \d+\. Obligations of a model or derived dataset trained on these rows$", md, re.M)
    assert md_escape("Attribution is required for 50 of 80 works") in md
    assert md_escape("Share-alike terms apply to 20 works") in md
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="obligations"' in html and "No commercial use for 30 works" in html
