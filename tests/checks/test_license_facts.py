"""The license families' facts, as one table checked against the Creative Commons legal code.

Each fact of each Creative Commons family (and of the CC 1.0 / retired licenses the normalizer knows) is
written here with the clause that decides it. The 4.0 clauses are quoted verbatim (list markers left
out) from https://creativecommons.org/licenses/<code>/4.0/legalcode, as are CC0 1.0 s2 and the Public
Domain Mark 1.0 deed; the rows for the 1.0 licenses without BY and for the retired licenses
(https://creativecommons.org/retiredlicenses/) cite their section and summarize it (marked "summary").
auditor/data/licenses.yaml must agree with every row: a fact changed in the data file without a clause
that supports it fails here.
"""

from __future__ import annotations

import pytest

from auditor.checks.license_data import license_data

T, F, N = True, False, None

GRANT_BY = ("s2(a)(1)", "reproduce and Share the Licensed Material, in whole or in part; and "
                        "produce, reproduce, and Share Adapted Material.")
GRANT_NC = ("s2(a)(1)", "reproduce and Share the Licensed Material, in whole or in part, for NonCommercial "
                        "purposes only")
GRANT_ND = ("s2(a)(1)(B)", "produce and reproduce, but not Share, Adapted Material")
NO_ADAPTED = ("s3(a)(1)", "For the avoidance of doubt, You do not have permission under this Public License "
                          "to Share Adapted Material.")
ATTRIBUTION = ("s3(a)(1)", "If You Share the Licensed Material (including in modified form), You must: retain "
                           "the following if it is supplied by the Licensor with the Licensed Material: "
                           "identification of the creator(s) of the Licensed Material")
SHARE_ALIKE = ("s3(b)(1)", "The Adapter's License You apply must be a Creative Commons license with the same "
                           "License Elements, this version or later")
NO_SA = ("s3", "no ShareAlike condition in the License Conditions")
WAIVER = ("CC0 1.0 s2", "waives, abandons, and surrenders all of Affirmer's Copyright and Related Rights ... "
                        "for any purpose whatsoever, including without limitation commercial, advertising or "
                        "promotional purposes")
PDM = ("PDM 1.0", "You can copy, modify, distribute and perform the work, even for commercial purposes, all "
                  "without asking permission.")

# family or module -> ((commercial, clause), (derivatives, clause), (share_alike, clause), (attribution, clause))
LEGAL_CODE = {
    "cc-by": ((T, GRANT_BY), (T, GRANT_BY), (F, NO_SA), (T, ATTRIBUTION)),
    "cc-by-sa": ((T, GRANT_BY), (T, GRANT_BY), (T, SHARE_ALIKE), (T, ATTRIBUTION)),
    "cc-by-nc": ((F, GRANT_NC), (T, GRANT_NC), (F, NO_SA), (T, ATTRIBUTION)),
    "cc-by-nc-sa": ((F, GRANT_NC), (T, GRANT_NC), (T, SHARE_ALIKE), (T, ATTRIBUTION)),
    "cc-by-nd": ((T, GRANT_BY), (F, NO_ADAPTED), (F, NO_SA), (T, ATTRIBUTION)),
    "cc-by-nc-nd": ((F, GRANT_NC), (F, GRANT_ND), (F, NO_SA), (T, ATTRIBUTION)),
    "public-domain": ((T, WAIVER), (T, PDM), (F, WAIVER), (F, PDM)),
}

ONE_ZERO = ("CC 1.0 s3-4 (summary)", "grants the rights of s3 with no Attribution and no other element than "
                                     "the one the license is named after")
# CC 1.0 licenses without BY, and the retired licenses (cc_modules entries with their own facts)
MODULES = {
    "nc": ((F, ("NonCommercial 1.0 s4(a)", "You may not exercise any of the rights ... in any manner that "
                                           "is primarily intended for ... commercial advantage")),
           (T, ONE_ZERO), (F, ONE_ZERO), (F, ONE_ZERO)),
    "nd": ((T, ONE_ZERO), (F, ("NoDerivs 1.0 s3", "the above rights ... do not include Derivative Works")),
           (F, ONE_ZERO), (F, ONE_ZERO)),
    "sa": ((T, ONE_ZERO), (T, ONE_ZERO),
           (T, ("ShareAlike 1.0 s4(b)", "You may distribute ... a Derivative Work only under the terms of "
                                        "this License")), (F, ONE_ZERO)),
    "sampling": ((N, ("Sampling 1.0 deed", "Re-creativity permitted ... Advertising prohibited; no copying "
                                           "and distributing of the whole work")),
                 (T, ("Sampling 1.0 deed", "You may sample, mash-up, or otherwise creatively transform this "
                                           "work")),
                 (F, NO_SA), (T, ("Sampling 1.0 deed", "Attribution. You must attribute the work"))),
    "sampling+": ((N, ("Sampling Plus 1.0 deed", "Noncommercial sharing of the whole work allowed; commercial "
                                                 "use only of transformed work, never advertising")),
                  (T, ("Sampling Plus 1.0 deed", "Re-creativity permitted")),
                  (F, NO_SA), (T, ("Sampling Plus 1.0 deed", "Attribution. You must attribute the work"))),
    "nc-sampling+": ((F, ("NonCommercial Sampling Plus 1.0 deed", "Noncommercial. You may not use this work "
                                                                  "for commercial purposes")),
                     (T, ("NonCommercial Sampling Plus 1.0 deed", "Re-creativity permitted")),
                     (F, NO_SA), (T, ("NonCommercial Sampling Plus 1.0 deed", "Attribution.")),),
    "devnations": ((N, ("Developing Nations 2.0 s3", "rights granted only in a Developing Nation; elsewhere "
                                                     "all rights reserved")),
                   (N, ("Developing Nations 2.0 s3", "as above: territorial grant only")),
                   (F, NO_SA), (T, ("Developing Nations 2.0 s4(b)", "You must ... keep intact all copyright "
                                                                    "notices ... and credit the Original Author"))),
}

NAMES = ("commercial", "derivatives", "share_alike", "attribution")


def _as_dict(row) -> dict:
    return {name: fact for name, (fact, _) in zip(NAMES, row, strict=True)}


@pytest.mark.parametrize("family", sorted(LEGAL_CODE))
def test_family_facts_match_the_legal_code(family):
    facts = license_data().families[family].model_dump()
    assert facts == _as_dict(LEGAL_CODE[family])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_facts_match_the_legal_code(module):
    facts = license_data().cc_modules[module].facts
    assert facts is not None and facts.model_dump() == _as_dict(MODULES[module])


def test_every_module_of_a_cc_family_uses_that_familys_facts():
    for key, module in license_data().cc_modules.items():
        if module.family.startswith("cc-"):
            assert module.facts is None, key
            assert module.family == "cc-" + key


def test_every_fact_cites_a_clause():
    for row in (*LEGAL_CODE.values(), *MODULES.values()):
        for _, (section, quote) in row:
            assert section and len(quote) > 10


def test_restrictive_modules_never_grant_what_their_element_withholds():
    """NC never commercial, ND never derivatives, SA never without share-alike, BY never without credit."""
    data = license_data()
    for key, module in data.cc_modules.items():
        facts = module.facts or data.families[module.family]
        parts = key.replace("+", "").split("-")
        if "nc" in parts:
            assert facts.commercial is False, key
        if "nd" in parts:
            assert facts.derivatives is False, key
        if "sa" in parts:
            assert facts.share_alike is True, key
        if "by" in parts or key in ("sampling", "sampling+", "nc-sampling+", "devnations"):
            assert facts.attribution is True, key
