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


@pytest.fixture(scope="module")
def golden_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden") / "run"
    summary = scan(GOLDEN / "input.jsonl", out)
    return out, summary


def normalize(text: str, out, summary) -> str:
    """Paths, Python version, CSP hashes and policy hashes (the rule packs evolve) become placeholders."""
    text = text.replace(str(out), "<RUN>").replace(str(REPO), "<REPO>")
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
    assert heads == ["1. Dataset and scope", "2. Methodology", "3. Results",
                     "Obligations of a model or derived dataset trained on these rows", "4. Findings per rule",
                     "6. Limitations", "7. How to reproduce"]
    assert "counts below are exact" in text  # a full scan: no estimate wording
    assert "| policy file | name | sha256 |" in text
