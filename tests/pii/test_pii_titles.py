"""Names inside product titles and place names (auditor.pii.titles): cut with data, real names kept."""

from __future__ import annotations

import time

import pytest

from auditor.pii.noise import cut_reason
from auditor.pii.titles import person_place_suffix, person_product_title


def span(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rumba Rita Long Dress", "Rita Long"),                              # noun after, same title
        ("Woodard Trinidad Wicker Deep Seating Chair w/ Cushions", "Woodard Trinidad"),
        ("Lola Ramona Ava Pumps in pink", "Ava Pumps"),                      # plural noun inside
        ("Sheila thongs no feet web", "Sheila"),                             # next word, any case
        ("Victoria Sponge Cake with Strawberries and Cream", "Victoria Sponge"),
        ("Madison Fit Saxxon Wool Plaid Sport Coat Brown", "Madison"),       # within RUN words
        ("Sally's Salon Perfume Set", "Sally"),                              # possessive skipped
        ("Vestido de novia Carmen Flores Dress", "Carmen Flores"),
    ],
)
def test_product_titles_are_cut(text, name):
    assert person_product_title(text, *span(text, name))
    assert cut_reason("PERSON", text, *span(text, name), listed=True) == "person_product_title"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Wedding photo of Kyle Brennan and Megan O'Connell", "Kyle Brennan"),
        ("Lena Hoffmann Wedding 2019", "Lena Hoffmann"),
        ("Photo by Connor McBride", "Connor McBride"),
        ("Tyler Jenkins at her graduation ceremony, May 2019", "Tyler Jenkins"),
        ("Nigel Short Method - The Short Way to Mastering Tactics", "Nigel Short"),  # "short" is no product
        ("Candy Smith at the beach", "Candy Smith"),          # a product word that is a given name, inside
        ("Portrait of Anna Weber. New dress collection below", "Anna Weber"),  # the title ended at '.'
        ("Anna Weber, coat designer", "Anna Weber"),          # ',' ends the title
        ("Kyle Brennan with the new Wool Coat", "Kyle Brennan"),  # lower-case word first: run ended
    ],
)
def test_names_are_kept(text, name):
    assert not person_product_title(text, *span(text, name))
    assert not person_place_suffix(text, *span(text, name))


@pytest.mark.parametrize(
    ("text", "name", "cut"),
    [
        ("Thumbnail 1 bed terraced house for sale in Rogers Street, Summertown", "Rogers Street", True),
        ("Bolton Corp.'s main office at 919 West Morgan St. 1957", "Morgan St", True),
        ("Estate Home in Preston Hollow - 5103 Deloache Avenue", "Preston Hollow", True),
        ("Arrivals at Ben Gurion Airport", "Ben Gurion", True),                # followed by the suffix
        ("Lois Lane and Clark Kent", "Lois Lane", False),                     # family-name words left out
        ("Kyle Hill at the station", "Kyle Hill", False),                     # lower case: not a name's end
    ],
)
def test_place_suffix(text, name, cut):
    assert person_place_suffix(text, *span(text, name)) is cut


def test_bounded_work_per_span():
    """Each span reads a bounded window: 1000 spans over a long title cost ~1000x one, not more."""
    text = ("Rumba Rita Long Dress " * 5000)
    spans = [(i * 22 + 6, i * 22 + 15) for i in range(1000)]
    t0 = time.perf_counter()
    person_product_title(text, *spans[0])
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    assert all(person_product_title(text, s, e) for s, e in spans)
    many = time.perf_counter() - t0
    assert many < 1000 * max(one, 1e-5) * 20
