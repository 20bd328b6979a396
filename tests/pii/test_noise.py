"""Noise cuts: each named cut fires on the caption noise it is for, and not on the real thing."""

from __future__ import annotations

import pytest

from auditor.pii import noise


def span_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.mark.parametrize(
    ("entity", "text", "part", "reason"),
    [
        ("PHONE_NUMBER", "Physical Law (0140175059) by Feynman", "0140175059", "phone_isbn_or_barcode"),
        ("PHONE_NUMBER", "House Of Mirth DVD 043396064553, NEW", "043396064553", "phone_isbn_or_barcode"),
        ("PHONE_NUMBER", "Hiru TV News 06-08-2018", "06-08-2018", "phone_date"),
        ("PHONE_NUMBER", "Country road with a cornfield. #1155269134", "1155269134", "phone_catalog_number"),
        ("PHONE_NUMBER", "19496 Rudd Dr (MLS #338065)", "338065", "phone_catalog_number"),
        ("PHONE_NUMBER", "Body_Lotion_300ml_1372086846", "1372086846", "phone_isbn_or_barcode"),
        ("PHONE_NUMBER", "Lotion_300ml_1372086847x", "1372086847", "phone_inside_token"),
        ("PHONE_NUMBER", "Fashion Tiaras (042005466)", "042005466", "phone_bracketed_digit_run"),
        ("PERSON", "Electronics Car Siren EES-023", "Siren EES-023", "person_has_digit"),
        ("PERSON", "kennedy_nixon_debate_chicago", "kennedy_nixon_debate", "person_file_or_handle"),
        ("PERSON", "Keep Calm and Love Goats", "Keep Calm", "person_product_word"),
        ("PERSON", "Morel Mushrooms Hatton Hill Organic Farm Produce", "Morel Mushrooms Hatton Hill Organic",
         "person_too_long"),
        ("PERSON", "Kawaii ghost sleeves for MacBooks", "Kawaii", "person_no_given_name"),
        ("UK_NHS", "True Grit: A Novel, Charles Portis, 146830125X", "146830125X", "nhs_isbn10"),
        ("URL", "MV046-CuteSpiderman-BW-Shirt.jpg", "Shirt.jpg", "url_file_name"),
        ("DATE_TIME", "Sunshine (DVD, 2008)", "2008", "date_year_only"),
        ("NRP", "Canadian Flag Magnet", "Canadian", "nrp_single_word"),
        ("US_DRIVER_LICENSE", "Lot 219112428 Star Wars", "219112428", "id_catalog_number"),
    ],
)
def test_cut_names_the_noise(entity, text, part, reason):
    assert noise.cut_reason(entity, text, *span_of(text, part)) == reason


@pytest.mark.parametrize(
    ("entity", "text", "part"),
    [
        ("PHONE_NUMBER", "Computer Repair Bellevue Ne 402-505-6600", "402-505-6600"),
        ("PHONE_NUMBER", "Scrap cars wanted £100 plus 07794523511", "07794523511"),
        ("PHONE_NUMBER", "Reservations: +30 697 435 0179", "+30 697 435 0179"),
        ("PERSON", "Portrait of Maria Gonzalez at her graduation", "Maria Gonzalez"),
        ("PERSON", "photo by jessica alvarez", "jessica alvarez"),
        ("PERSON", "Hand In Hand Canvas Print by Greg Olsen", "Greg Olsen"),
        ("PERSON", "Mugshot of Tyrone Williams", "Tyrone Williams"),
        ("PERSON", "The Ninemile Wolves by Dr. Okonkwo", "Okonkwo"),  # no given name, but a title cue
        ("US_SSN", "SSN 536-90-4399", "536-90-4399"),
    ],
)
def test_real_detections_are_kept(entity, text, part):
    assert noise.cut_reason(entity, text, *span_of(text, part)) is None


@pytest.mark.parametrize(
    ("text", "part", "segments"),
    [
        ("Bobby Caldwell - Blue Condition", "Bobby Caldwell - Blue Condition",
         ["Bobby Caldwell", "Blue Condition"]),
        ("Martin GT4 David Pun", "Martin GT4 David Pun", ["Martin", "David Pun"]),
        ("Blair, Thomas Howard", "Blair, Thomas Howard", ["Blair", "Thomas Howard"]),
        ("JIM VAIKNORAS/Staff photo", "JIM VAIKNORAS/Staff", ["JIM VAIKNORAS", "Staff"]),
        ("Maria Gonzalez", "Maria Gonzalez", ["Maria Gonzalez"]),
    ],
)
def test_person_segments_split_run_on_spans(text, part, segments):
    assert [text[s:e] for s, e in noise.person_segments(text, *span_of(text, part))] == segments


@pytest.mark.parametrize(("value", "ok"), [("0140175059", True), ("084467267X", True), ("0140175058", False),
                                           ("123", False)])
def test_isbn10_checksum(value, ok):
    assert noise.is_isbn10(value) is ok


@pytest.mark.parametrize(("value", "ok"), [("9780340829752", True), ("043396064553", True),
                                           ("9780340829753", False), ("415-744-8666", False)])
def test_gtin_checksum(value, ok):
    assert noise.is_gtin(value) is ok


def test_word_lists_are_data_and_lower_case():
    assert {"child", "mugshot", "funeral", "nude", "patient", "arrested"} <= noise.sensitive_words()
    names = noise._words("pii_given_names.txt")
    assert {"maria", "jessica", "greg", "priya", "kwadwo"} <= names
    assert not {"rose", "max", "star", "london", "doc"} & names
    assert all(w == w.lower() for w in names)


def test_every_cut_is_named_once_per_entity():
    for entity, cuts in noise.CUTS.items():
        names = [n for n, _ in cuts]
        assert len(names) == len(set(names)), entity


@pytest.mark.parametrize(
    ("text", "could"),
    [
        ("Portrait of Maria Gonzalez", True),       # given name
        ("photo by velinov", True),                 # byline cue
        ("© Okonkwo 2019", True),                   # credit sign
        ("Stir Fry Mango Chicken", False),
        ("Dark granite or marble texture abstract background.", False),
        ("", False),
    ],
)
def test_could_keep_person(text, could):
    assert noise.could_keep_person(text) is could
