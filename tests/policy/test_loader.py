"""Broken and hostile policy files: each fails fast with file, line and key path / rule id."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.policy import load_policies
from auditor.policy.loader import file_sha256

from .conftest import FIXTURES, RULES

BROKEN = FIXTURES / "broken"
MARKER = Path("/tmp/auditor-pwned-marker")

# file -> (line, fragments that must all appear in the one-line error)
EXPECTED: dict[str, tuple[int, list[str]]] = {
    "unknown_key.yaml": (11, ["UNKNOWN-KEY", "'severtiy'", "did you mean 'severity'", "rules[0].severtiy"]),
    "bad_type.yaml": (9, ["BAD-TYPE", "rules[0].message", "valid string"]),
    "bad_severity.yaml": (7, ["BAD-SEVERITY", "rules[0].severity", "'severe'", "critical"]),
    "duplicate_id.yaml": (11, ["DUP-ID", "duplicate rule id", "duplicate_id.yaml:4", "rules[1].id"]),
    "duplicate_yaml_key.yaml": (11, ["duplicate key 'when'", "first at line 8", "rules[0].when"]),
    "unknown_signal.yaml": (8, ["UNKNOWN-SIGNAL", "'licence_family'", "did you mean 'license_family'"]),
    "python_tag.yaml": (5, ["!!python/object/apply:os.system", "not allowed", "rules[0].title"]),
    "alias_bomb.yaml": (2, ["anchors (&a) are not allowed", "'name'"]),
    "deep_nesting.yaml": (5, ["nested deeper than 50", "key 'title'"]),
    "deep_block_nesting.yaml": (4, ["nested deeper than 50", "rules[0]"]),
    "deep_complex_keys.yaml": (4, ["nested deeper than 50"]),
    "import_os.yaml": (8, ["IMPORT-OS", "rules[0].when", "attribute access"]),
    "dunder_class.yaml": (8, ["DUNDER-CLASS", "rules[0].when", "attribute access"]),
    "attribute_access.yaml": (8, ["ATTR-ACCESS", "rules[0].when", "attribute access"]),
    "function_call.yaml": (8, ["FUNC-CALL", "rules[0].when", "calls"]),
    "invalid_regex.yaml": (8, ["BAD-REGEX", "rules[0].when", "invalid regular expression"]),
    "type_mismatch_bool_string.yaml": (8, ["TYPE-MISMATCH", "license_commercial (bool) == 'yes' (string)"]),
    "contains_on_number.yaml": (8, ["CONTAINS-NUMBER", "data_punsafe is number"]),
    "unknown_category.yaml": (6, ["BAD-CATEGORY", "unknown category 'legal'", "rules[0].category"]),
    "bad_rule_id.yaml": (4, ["lowercase-id", "rules[0].id", "pattern"]),
    "missing_key.yaml": (4, ["MISSING-MSG", "missing required key 'message'", "rules[0].message"]),
    "syntax_error.yaml": (8, ["BAD-SYNTAX", "end of condition", "rules[0].when"]),
    "threshold_share_out_of_range.yaml": (15, ["threshold SHARE", "thresholds[0].max_share", "1.5"]),
    "threshold_category_and_rules.yaml": (12, ["threshold BOTH", "exactly one of 'category' or 'rules'"]),
    "threshold_unknown_rule.yaml": (14, ["DANGLING", "unknown rule 'OK-RULEZ'", "did you mean 'OK-RULE'"]),
    "unknown_evidence.yaml": (11, ["BAD-EVIDENCE", "'license_famliy'", "rules[0].evidence[0]"]),
    "bad_schema_version.yaml": (1, ["schema_version", "1"]),
    "yaml_syntax.yaml": (5, ["invalid YAML"]),
    "not_a_mapping.yaml": (1, ["must be a mapping"]),
    "ansi_in_title.yaml": (5, ["ANSI-TITLE", "control character '\\x1b'", "rules[0].title"]),
    "ansi_in_rule_id.yaml": (4, ["rule '\\x1b[2J'", "rules[0].id"]),
}


def test_every_broken_fixture_has_an_expectation():
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.fixture(scope="module")
def warm():
    """Pay one-time start-up costs outside the timed region: the first pyarrow array built from Python objects in
    a process imports pandas (measured 0.9-1.35 s on the loaded 2-core dev machine; < 0.02 s for every later
    fixture). The 1 s bound below guards against a parser or YAML blow-up on a hostile file (seconds to minutes),
    not against library start-up."""
    import pyarrow as pa

    pa.array([""], pa.string())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_policy_fails_with_file_line_and_key(name, signals, warm):
    line, fragments = EXPECTED[name]
    path = BROKEN / name
    MARKER.unlink(missing_ok=True)
    start = time.perf_counter()
    with pytest.raises(ConfigError) as info:
        load_policies([path], signals)
    elapsed = time.perf_counter() - start
    err = info.value
    text = str(err)
    assert elapsed < 1.0, f"{name} took {elapsed:.2f}s"
    assert err.file == str(path)
    assert err.line == line, text
    assert text.startswith(f"{path}:{line}")
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in {text!r}"
    assert "\n" not in text and len(text) < 600
    assert "\x1b" not in text, "escape sequences from the file must not reach the terminal"
    assert not MARKER.exists(), "a YAML tag or condition executed code"


def test_duplicate_rule_id_across_files_names_both_places(signals):
    a, b = BROKEN / "cross_file" / "a.yaml", BROKEN / "cross_file" / "b.yaml"
    with pytest.raises(ConfigError) as info:
        load_policies([a, b], signals)
    text = str(info.value)
    assert info.value.file == str(b) and info.value.line == 11
    assert "SHARED-ID" in text and f"{a}:4" in text


def test_each_cross_file_policy_is_valid_alone(signals):
    for name in ("a.yaml", "b.yaml"):
        assert load_policies([BROKEN / "cross_file" / name], signals).rules


def test_missing_and_unreadable_files(tmp_path, signals):
    with pytest.raises(ConfigError, match="no policy file"):
        load_policies([], signals)
    with pytest.raises(ConfigError, match="cannot read") as info:
        load_policies([tmp_path / "nope.yaml"], signals)
    assert info.value.file == str(tmp_path / "nope.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_policies([bad], signals)
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 1_100_000)
    with pytest.raises(ConfigError, match="larger than"):
        load_policies([big], signals)


def test_unknown_signal_is_reported_even_when_close_match_absent(tmp_path, signals):
    p = tmp_path / "p.yaml"
    p.write_text("schema_version: 1\nname: p\nrules:\n  - id: R1\n    title: t\n    category: privacy\n"
                 "    severity: low\n    when: zzz_qqq > 1\n    message: m\n    how_to_fix: f\n")
    with pytest.raises(ConfigError) as info:
        load_policies([p], signals)
    assert "unknown signal 'zzz_qqq'" in str(info.value) and "did you mean" not in str(info.value)
    assert info.value.line == 8


def test_custom_category_and_sha256(tmp_path, signals):
    p = tmp_path / "p.yaml"
    p.write_text("schema_version: 1\nname: p\ncategories: [legal_hold]\nrules:\n  - id: R1\n    title: t\n"
                 "    category: legal_hold\n    severity: low\n    when: pii_count > 1\n    message: m\n"
                 "    how_to_fix: f\n    evidence: [pii_count, pii_types]\n")
    policy = load_policies([p], signals)
    assert "legal_hold" in policy.categories
    assert policy.rules[0].evidence == ("pii_count", "pii_types")
    assert policy.rules[0].where == f"{p}:5"
    assert policy.sources[0].sha256 == file_sha256(p)
    assert policy.sources[0].name == "p"


def test_rule_packs_can_be_combined(signals):
    policy = load_policies([RULES / "default.yaml", RULES / "commercial-release.yaml"], signals)
    assert len(policy.sources) == 2
    assert {r.id for r in policy.rules} >= {"COPYRIGHT-STOCK-HOST", "COMMERCIAL-NOT-CLEARED"}


def test_bom_and_crlf_are_fine(tmp_path, signals):
    text = ("schema_version: 1\nname: p\nrules:\n  - id: R1\n    title: t\n    category: privacy\n"
            "    severity: low\n    when: pii_count > 1\n    message: m\n    how_to_fix: f\n")
    p = tmp_path / "p.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert load_policies([p], signals).rules[0].where == f"{p}:4"


@pytest.mark.parametrize("key", ["yes", "1", "null", "[a]"])
def test_non_string_keys_are_rejected(tmp_path, signals, key):
    p = tmp_path / "p.yaml"
    p.write_text(f"schema_version: 1\nname: p\n{key if key != '[a]' else '? [a]'}: 1\n")
    with pytest.raises(ConfigError, match="keys must be plain strings") as info:
        load_policies([p], signals)
    assert info.value.line == 3
