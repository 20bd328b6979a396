"""Multi-licensing as a choice (auditor/checks/license_choice.py) and its evidence in the license check."""

from __future__ import annotations

import pyarrow as pa
import pytest

from auditor.checks.license import LicenseCheck
from auditor.checks.license_normalize import normalize_one


@pytest.mark.parametrize(("raw", "chosen", "options"), [
    ("GFDL or CC BY-SA 3.0", "CC-BY-SA-3.0", "LicenseRef-GFDL | CC-BY-SA-3.0"),
    ("[Public domain or CC BY-SA 1.0]", "LicenseRef-PublicDomain", "LicenseRef-PublicDomain | CC-BY-SA-1.0"),
    ("self|GFDL|cc-by-3.0", "CC-BY-3.0", "LicenseRef-GFDL | CC-BY-3.0"),
    ("CC BY-NC 2.5 or CC BY 2.5", "CC-BY-2.5", "CC-BY-NC-2.5 | CC-BY-2.5"),
    ("CC BY-SA 4.0 / GFDL 1.2", "CC-BY-SA-4.0", "CC-BY-SA-4.0 | GFDL-1.2-only"),
    ("© Jane Doe | CC BY-NC-ND 4.0", "CC-BY-NC-ND-4.0", "LicenseRef-AllRightsReserved | CC-BY-NC-ND-4.0"),
])
def test_the_most_permissive_option_is_chosen_and_the_alternatives_named(raw, chosen, options):
    got = normalize_one(raw)
    assert (got.license_id, got.match) == (chosen, "choice")
    assert got.note.startswith(f"choice of {options}: chose {chosen}, most permissive")


def test_the_choice_has_the_chosen_options_facts():
    got = normalize_one("CC BY-NC-SA 4.0 or CC BY-SA 4.0")
    assert (got.family, got.commercial, got.derivatives, got.share_alike, got.attribution) == (
        "cc-by-sa", True, True, True, True)


@pytest.mark.parametrize(("raw", "license_id", "match"), [
    ("GFDL 1.2 or later", "GFDL-1.2-or-later", "long-name"),  # a version range, not an alternative
    ("GNU Free Documentation License, version 1.2 or any later version", "GFDL-1.2-or-later", "long-name"),
    ("CC BY-NC 4.0 or contact me for commercial use", "CC-BY-NC-4.0", "short-name"),  # one license, prose
    ("PD-Art|PD-old-100", "LicenseRef-PD-Art", "pd-template"),  # a template and its reason
    ("self|cc-by-sa-4.0", "CC-BY-SA-4.0", "short-name"),
])
def test_values_that_are_not_a_choice(raw, license_id, match):
    got = normalize_one(raw)
    assert (got.license_id, got.match, got.note) == (license_id, match, None)


def test_an_option_with_unknown_facts_never_wins():
    got = normalize_one("No known copyright restrictions or CC BY-NC 4.0")
    assert (got.license_id, got.commercial) == ("CC-BY-NC-4.0", False)


def test_license_evidence_lists_the_alternatives_and_the_choice():
    out = LicenseCheck().run(pa.RecordBatch.from_pydict({"license": ["GFDL or CC BY 3.0", "CC0", None]}))
    assert out.column("license_evidence").to_pylist() == [
        "license=GFDL or CC BY 3.0; choice of LicenseRef-GFDL | CC-BY-3.0: chose CC-BY-3.0, most permissive "
        "(commercial use, derivatives, no share-alike)", "license=CC0", None]
    assert out.column("license_match").to_pylist() == ["choice", "short-name", "null"]
