"""Inflected name forms back to the form the name lists hold: Polish case endings, Turkish suffixes.

Polish declines names ("zdjęcie Agnieszki Nowak", "gratulacje dla Pawła Lewandowskiego", "z Magdaleną
Kamińską"); the lists (Faker, Mimesis) hold nominatives only. Turkish attaches case suffixes after an
apostrophe ("Ayşe Demir'in düğünü"). `lemmas(word)` gives the candidate list forms of a lower-case word;
the caller accepts one only if it is in a name list, so a wrong candidate costs nothing but a set lookup
(a constant number per word: O(len(caption)) over a caption).

Source of the Polish table: the declension of Polish nouns and adjectives as tabulated in Wikipedia,
"Polish grammar" (sections "Nouns" and "Adjectives", CC BY-SA) and "Declension of Polish surnames"
(adjectival -ski/-cki/-dzki surnames decline as adjectives; feminine -a names as feminine nouns; other
masculine surnames as masculine nouns, with the mobile e of -ek/-el/-eł: Kaczmarek -> Kaczmarka, Wróbel ->
Wróbla, Paweł -> Pawła). Only endings of the genitive, dative, accusative, instrumental and locative that
names take are listed; the vocative is rare in captions.
"""

from __future__ import annotations

import re

#: inflected ending -> nominative endings to try (longest ending first wins)
POLISH: tuple[tuple[str, tuple[str, ...]], ...] = (
    # adjectival surnames, masculine and feminine: Lewandowskiego, -skiemu, -skim; Kamińskiej, Kamińską
    ("kiego", ("ki",)), ("kiemu", ("ki",)), ("kim", ("ki", "ka")), ("kiej", ("ka",)), ("ką", ("ka",)),
    ("giego", ("gi",)), ("giemu", ("gi",)), ("gim", ("gi", "ga")), ("giej", ("ga",)), ("gą", ("ga",)),
    ("nego", ("ny",)), ("nemu", ("ny",)), ("nej", ("na",)), ("ną", ("na",)),
    # masculine nouns with mobile e: Kaczmarka/-kowi/-kiem (Kaczmarek), Wróbla/-lowi (Wróbel), Pawła (Paweł)
    ("kiem", ("ek",)), ("kowi", ("ek",)), ("ka", ("ek",)), ("ku", ("ek",)),
    ("lowi", ("el",)), ("lem", ("el",)), ("la", ("el",)), ("łowi", ("eł",)), ("łem", ("eł",)),
    ("ła", ("eł",)), ("le", ("el", "la")),
    # masculine nouns: Tomasza, Tomaszowi, Tomaszem, Nowakiem, Nowaku
    ("owi", ("",)), ("iem", ("",)), ("em", ("",)), ("a", ("",)), ("u", ("",)),
    # feminine -a nouns: Agnieszki, Zuzanny, Zofii, Joannie, Joannę, Magdaleną
    ("ii", ("ia",)), ("i", ("a",)), ("y", ("a",)), ("ie", ("a",)), ("ę", ("a",)), ("ą", ("a",)),
)
_MAX = max(len(k) for k, _ in POLISH)
#: a caption is read with the Polish table only if it has a letter only Polish uses among caption languages,
#: or a Polish preposition/conjunction: "Tiny", "Semi" in an English title are not "Tina", "Sema"
POLISH_HINT = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]|(?<!\w)(?:z|ze|w|we|dla|oraz|przy|się|jest|od|po|oraz)(?!\w)")
_APOSTROPHES = "'’"
_ENGLISH_CLITICS = frozenset({"s", "t", "d", "ll", "re", "ve", "m"})


def lemmas(word: str) -> list[str]:
    """Nominative candidates of a lower-case Latin word (Polish endings); [] when none applies."""
    if len(word) < 4:
        return []
    out: list[str] = []
    for n in range(min(_MAX, len(word) - 2), 0, -1):
        tail = word[-n:]
        for ending, bases in POLISH:
            if ending == tail:
                out.extend(word[:-n] + b for b in bases)
    return out


def suffix_cut(word: str) -> int:
    """Length of `word` without a Turkish case suffix after an apostrophe ("Demir'in" -> 5), else len(word).

    Only a short lower-case tail counts, so "O'Connell" and "D'Angelo" stay whole; English clitics ("Donald's",
    "Don't") keep the word whole too, as before: "Donald's Tire" is a shop, not "Donald" + a family name.
    """
    for i, ch in enumerate(word):
        if ch in _APOSTROPHES and 0 < len(word) - i - 1 <= 5 and word[i + 1:].islower() and i >= 2:
            return len(word) if word[i + 1:] in _ENGLISH_CLITICS else i
    return len(word)
