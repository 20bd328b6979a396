"""Polish case endings and Turkish apostrophe suffixes back to the listed name forms (issue 15)."""

from __future__ import annotations

import pytest

from auditor.pii.inflect import POLISH_HINT, lemmas, suffix_cut
from auditor.pii.names import find


def names(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find(text)]


@pytest.mark.parametrize(
    ("inflected", "lemma"),
    [
        ("agnieszki", "agnieszka"), ("zuzanny", "zuzanna"), ("zofii", "zofia"), ("joannie", "joanna"),
        ("magdaleną", "magdalena"), ("joannę", "joanna"), ("lewandowskiego", "lewandowski"),
        ("lewandowskiemu", "lewandowski"), ("kamińską", "kamińska"), ("dąbrowskiej", "dąbrowska"),
        ("tomasza", "tomasz"), ("krzysztofowi", "krzysztof"), ("nowakiem", "nowak"),
        ("kaczmarkiem", "kaczmarek"), ("bartka", "bartek"), ("wróblowi", "wróbel"), ("pawła", "paweł"),
    ],
)
def test_polish_lemmas(inflected, lemma):
    assert lemma in lemmas(inflected)


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Zdjęcie ślubne Agnieszki Nowak i Tomasza Wójcika", ["Agnieszki Nowak", "Tomasza Wójcika"]),
        ("Gratulacje dla Pawła Lewandowskiego z okazji awansu", ["Pawła Lewandowskiego"]),
        ("Sesja zdjęciowa z Magdaleną Kamińską nad morzem", ["Magdaleną Kamińską"]),
        ("Wręczenie nagrody Krzysztofowi Wróblowi", ["Krzysztofowi Wróblowi"]),
        ("Rodzinny piknik z Bartkiem Kaczmarkiem", ["Bartkiem Kaczmarkiem"]),
        ("Ayşe Demir'in düğün fotoğrafı", ["Ayşe Demir"]),  # the span stops before the suffix
        ("Hakan Arslan'a emeklilik plaketi verildi", ["Hakan Arslan"]),
        # hard negatives: English Title Case is not read with the Polish table ("Tiny" is not "Tina")
        ("Tiny Twisted Cord - Red Fuschia", []),
        ("Donald's Tire & Auto", []),
        ("Don't Dry Your Hair", []),
        ("3 Bedrooms Semi Detached House for sale", []),
        ("Zamek Królewski w Warszawie nocą", []),
        ("Ulica Marszałkowska w deszczowy dzień", []),
    ],
)
def test_inflected_names_in_captions(caption, expected):
    assert names(caption) == expected


def test_apostrophe_suffix_only_when_short_and_lower_case():
    assert suffix_cut("Demir'in") == 5
    assert suffix_cut("O'Connell") == len("O'Connell")
    assert suffix_cut("D'Angelo") == len("D'Angelo")
    assert suffix_cut("Donald's") == len("Donald's")  # English clitics: the word stays whole
    assert suffix_cut("Don't") == len("Don't")


def test_polish_hint():
    assert POLISH_HINT.search("Portret Katarzyny Zielińskiej")
    assert POLISH_HINT.search("piknik z Bartkiem")
    assert not POLISH_HINT.search("Tiny Twisted Cord - Red Fuschia")
