"""--help as a person reads it: bracketed text kept, plain type names; `rules signals` aligned and
readable; `rules validate` names every problem of every file (real CLI in a subprocess)."""

import re

import pytest
from report_support import audit

COMMANDS = [["scan"], ["report"], ["diff"], ["export"], ["attribution"], ["demo"], ["rules", "list"],
            ["rules", "validate"], ["rules", "signals"]]


def _help(*args: str) -> str:
    proc = audit(*args, "--help", env={"COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_bracketed_help_text_is_printed_as_written():
    text = _help("scan")
    assert "needs auditor[ray]" in text
    assert "[default: every core]" in text
    assert "[default: start a local Ray]" in text


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_type_labels_are_plain_words(args):
    text = _help(*args)
    assert not re.search(r"<(list\[|path|str|int|float|bool)", text), text


def test_scan_types_read_as_words():
    text = _help("scan")
    assert re.search(r"--policy\s+PATH\.\.\.", text) and re.search(r"--batch-size\s+INTEGER", text)
    assert re.search(r"--show-pii\s+--no-show-pii\s+Show raw PII", text)  # a flag has no type label


def test_rules_signals_is_aligned_and_readable():
    lines = audit("rules", "signals").stdout.splitlines()
    assert lines[0].split() == ["signal", "type", "check"]
    type_col = lines[0].index("type")
    check_col = lines[0].index("check")
    for line in lines[1:]:
        assert line[type_col - 2:type_col] == "  " and line[type_col] != " ", line
        assert line[check_col - 2:check_col] == "  " and line[check_col] != " ", line
    text = "\n".join(lines)
    assert "dictionary<" not in text and "list<" not in text
    assert re.search(r"^pii_types\s+list of text\s+pii$", text, flags=re.M)


def test_validate_lists_every_problem_in_every_file(tmp_path):
    rule = ("  - id: {id}\n    title: t\n    category: {cat}\n    severity: {sev}\n    when: \"{when}\"\n"
            "    message: m\n    how_to_fix: h\n")
    a = tmp_path / "a.yaml"
    a.write_text("schema_version: 1\nname: a\nrules:\n"
                 + rule.format(id="A-ONE", cat="copyright", sev="high", when="license_famly == 'x'")
                 + rule.format(id="A-TWO", cat="nosuch", sev="high", when="license_family == 'x'"))
    b = tmp_path / "b.yaml"
    b.write_text("schema_version: 1\nname: b\nrules:\n"
                 + rule.format(id="B-ONE", cat="copyright", sev="hihg", when="license_family == 'x'"))
    proc = audit("rules", "validate", a, b)
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if line.startswith("audit: error: ")]
    assert len(errors) == 3, proc.stderr
    assert f"{a}:8, key 'rules[0].when'" in errors[0] and "license_famly" in errors[0]
    assert f"{a}:13, key 'rules[1].category'" in errors[1] and "nosuch" in errors[1]
    assert f"{b}:7, key 'rules[0].severity'" in errors[2]
