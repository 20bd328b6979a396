"""Names inside product titles and place names: the words around a PERSON span say it is neither.

Captions are mostly shop titles, and a shop title built on a given name reads as a person to NER and to
the name lists: "Rumba Rita Long Dress", "Woodard Trinidad Wicker Deep Seating Chair", "Sheila thongs",
"Rogers Street". Two cuts, both driven by data files in auditor/data (provenance in their headers):

* person_product_title: a product head noun (pii_product_words.txt) inside the span, or after it in the
  same Title Case run (up to RUN words, single spaces apart), or as the very next word in any case;
* person_place_suffix: a place word (pii_place_suffixes.txt) ends the span or follows it.

Each looks at a bounded window after the span (WINDOW characters), so a caption costs O(spans) here.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

#: most Title Case words after a span that still belong to its title
RUN = 5
#: characters after a span read for those words
WINDOW = 96
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@cache
def _data(filename: str) -> frozenset[str]:
    text = resources.files("auditor").joinpath("data", filename).read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@cache
def _inside_words() -> frozenset[str]:
    """Product words that may count inside a span: those that are not also given names ("candy")."""
    from auditor.pii.names import given_names  # noqa: PLC0415 - cached lists

    return _data("pii_product_words.txt") - given_names()


def _singular(word: str) -> tuple[str, ...]:
    w = word.lower().removesuffix("'s").removesuffix("’s")
    return (w, w[:-1], w[:-2]) if w.endswith("es") else (w, w[:-1]) if w.endswith("s") else (w,)


def _hit(word: str, words: frozenset[str]) -> bool:
    return any(form in words for form in _singular(word))


def _after(text: str, end: int) -> list[str]:
    """The next word in any case, then the rest of the Title Case run the span belongs to."""
    out: list[str] = []
    pos = end + 2 if text[end:end + 2] in ("'s", "’s") else end  # "Sally's Salon"
    for m in _WORD.finditer(text, pos, min(len(text), end + WINDOW)):
        if text[pos:m.start()] != " " or (out and not m.group()[0].isupper()):
            break
        out.append(m.group())
        pos = m.end()
        if len(out) >= RUN:
            break
    return out


def person_product_title(text: str, start: int, end: int) -> bool:
    """The span is (part of) a product title: a product noun inside it or after it in the same title."""
    inside = _inside_words()
    if any(_hit(w, inside) for w in _WORD.findall(text, start, end)):
        return True
    words = _data("pii_product_words.txt")
    return any(_hit(w, words) for w in _after(text, end))


def person_place_suffix(text: str, start: int, end: int) -> bool:
    """The span ends with, or is followed by, a word that ends place names (Street, Hollow, Airport)."""
    suffixes = _data("pii_place_suffixes.txt")
    own = _WORD.findall(text, start, end)
    if len(own) > 1 and own[-1].lower() in suffixes:
        return True
    after = _after(text, end)
    return bool(after) and after[0][0].isupper() and after[0].lower() in suffixes
