"""Credit lines, licence links and copyright risk: unknown is never allowed; data values stay inert."""

from __future__ import annotations

import pytest

from auditor.index.attribute import _md
from auditor.index.credit import copyright_risk, license_url, tasl_line

BY = {"license_id": "CC-BY-SA-4.0", "license_family": "cc-by-sa", "license_commercial": True,
      "license_derivatives": True, "license_share_alike": True, "license_attribution": True,
      "commons_title": "File:Cat.jpg", "commons_artist": "Jane Doe", "commons_credit": "Own work"}


@pytest.mark.parametrize("lid, url", [
    ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    ("CC-BY-NC-SA-2.0", "https://creativecommons.org/licenses/by-nc-sa/2.0/"),
    ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    ("MIT", None), (None, None), ("CC-BY-4.0/../../x", None),
])
def test_license_url(lid, url):
    assert license_url(lid) == url


def test_tasl_with_creator():
    assert tasl_line("https://commons.wikimedia.org/x", BY) == (
        '"File:Cat.jpg" by Jane Doe, licensed under CC-BY-SA-4.0 '
        "(https://creativecommons.org/licenses/by-sa/4.0/). Source: https://commons.wikimedia.org/x")


@pytest.mark.parametrize("rights, risky", [
    (BY, False),
    ({**BY, "license_family": "cc-by-nc", "license_commercial": False}, True),
    ({**BY, "license_family": "cc-by-nd", "license_derivatives": False}, True),
    ({**BY, "license_commercial": None}, True),  # not evaluated is not "allowed"
    ({"license_family": "all-rights-reserved"}, True),
    ({"license_family": "unknown"}, True),
    ({}, True),  # the row has no license signals at all
])
def test_copyright_risk_only_for_near_duplicates(rights, risky):
    assert bool(copyright_risk("near_duplicate", rights)) is risky
    assert copyright_risk("strongly_similar", rights) is None


def test_markdown_keeps_data_inert():
    evil = "https://e.org/a.jpg)|[click](javascript:alert(1))<img src=x>"
    rep = {"image": "gen.png", "status": "ok", "verdict": "near_duplicate", "copyright_risk": True, "note": None,
           "matches": [{"band": "near_duplicate", "hamming": 3, "cosine": None, "license_id": None,
                        "license_family": "unknown", "license_commercial": None, "license_derivatives": None,
                        "license_share_alike": None, "license_attribution": None, "url": evil,
                        "attribution": tasl_line(evil, {}), "copyright_risk": "x"}]}
    md = _md([rep])
    assert "<img" not in md and "](javascript" not in md
    row = [line for line in md.splitlines() if line.startswith("| 1 ")][0]
    assert row.count(" | ") == 8  # the URL's pipe did not add a cell
