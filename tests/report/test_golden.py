"""Golden files: report.md and report.html of a real scan of a small fixed dataset (golden/input.jsonl).

Machine-specific text (the run directory, the checkout path, the Python version, hashes of files that
embed paths) is replaced by placeholders; nothing in the compared reports depends on the clock.
Regenerate with UPDATE_GOLDEN=1 after an intended change, and review the diff.
"""

import os
import platform
import re

import pytest
from report_support import GOLDEN, REPO, scan

from auditor.report.escape import md_escape


@pytest.fixture(scope="module")
def golden_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden") / "run"
    summary = scan(GOLDEN / "input.jsonl", out)
    return out, summary


def normalize(text: str, out, summary) -> str:
    """Paths, Python version, CSP hashes and policy hashes (the rule packs evolve) become placeholders."""
    for path, mark in ((str(out), "<RUN>"), (str(REPO), "<REPO>")):
        # report.md writes paths Markdown-escaped (`/work/f\.i/`): a checkout path with a dot, dash or
        # underscore appears only in that form, so both forms are replaced (escaped first: it is longer)
        text = text.replace(md_escape(path, 1 << 20), mark).replace(path, mark)
    for f in summary["policy"]["files"]:
        text = text.replace(f["sha256"], "<POLICY-SHA256>")
    text = text.replace(f"Python {platform.python_version()}", "Python <PY>")
    text = re.sub(r"sha256-[A-Za-z0-9+/=]{44}", "sha256-<HASH>", text)
    text = re.sub(r"sha256\\?=[0-9a-f]{64}", "sha256=<DATA-SHA256>", text)  # data files evolve too
    return re.sub(r"license\\?-expression \d+(\\?\.\d+)*", "license-expression <VERSION>", text)


@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_report_matches_golden(golden_run, name):
    out, summary = golden_run
    got = normalize((out / name).read_text(encoding="utf-8"), out, summary)
    expected = GOLDEN / f"expected.{name}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_text(got, encoding="utf-8")
    assert got == expected.read_text(encoding="utf-8")


def test_rerender_is_identical(golden_run):
    from report_support import audit

    out, _ = golden_run
    before = {n: (out / n).read_bytes() for n in ("report.md", "report.html")}
    proc = audit("report", out)
    assert proc.returncode == 0, proc.stderr
    assert {n: (out / n).read_bytes() for n in before} == before


def test_markdown_has_datasheet_sections(golden_run):
    text = (golden_run[0] / "report.md").read_text(encoding="utf-8")
    heads = re.findall(r"^## (.+)$", text, flags=re.M)
    # numbered without gaps: no waivers section here, so Limitations is 6
    assert heads == ["Summary for reviewers", "1. Dataset and scope", "2. Methodology", "3. Results",
                     "4. Obligations of a model or derived dataset trained on these rows", "5. Findings per rule",
                     "6. Limitations", "7. How to reproduce"]
    assert "counts below are exact" in text  # a full scan: no estimate wording
    assert "| policy file | name | sha256 |" in text


def test_normalize_handles_a_checkout_path_with_a_dot(tmp_path):
    """The golden comparison must not depend on where the checkout is (a path like /work/f.i/ once broke it)."""
    out = tmp_path / "run.d" / "x_y-z"
    text = f"{md_escape(str(out), 1 << 20)}/report.md and {out}/report.html"
    summary = {"policy": {"files": []}}
    assert normalize(text, out, summary) == "<RUN>/report.md and <RUN>/report.html"
