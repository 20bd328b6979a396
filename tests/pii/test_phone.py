"""CaptionPhoneRecognizer: local formats need a cue or the caption language's shape; ids stay ids (issue 15).

Tables in presidio's style (text, expected spans, score); the first is ported from presidio's
`presidio-analyzer/tests/test_phone_recognizer.py` (microsoft/presidio), run against this recognizer.
"""

from __future__ import annotations

import time

import pytest

from auditor.pii.language import detect
from auditor.pii.recognizers import REJECT_KEY
from auditor.pii.recognizers.phone import CaptionPhoneRecognizer, reject_reason


@pytest.fixture(scope="module")
def recognizer():
    return CaptionPhoneRecognizer()


def kept(recognizer, text: str) -> list[tuple[str, float]]:
    return [(text[r.start:r.end], r.score) for r in recognizer.analyze(text, ["PHONE_NUMBER"])
            if REJECT_KEY not in (r.recognition_metadata or {})]


def rejected(recognizer, text: str) -> dict[str, str]:
    return {text[r.start:r.end]: r.recognition_metadata[REJECT_KEY]
            for r in recognizer.analyze(text, ["PHONE_NUMBER"]) if REJECT_KEY in (r.recognition_metadata or {})}


# presidio's table (text, expected spans, score). No deliberate difference: "My Israeli number is
# 09-7625400" is an IL local number in an English caption, kept through the cue "number".
PRESIDIO = [
    ("My US number is (415) 555-0132, and my international one is +1 415 555 0132",
     ((16, 30), (60, 75)), 0.4),
    ("My Israeli number is 09-7625400", ((21, 31),), 0.4),
    ("_: (415)555-0132", ((3, 16),), 0.4),
    ("United States: (415)555-0132", ((15, 28),), 0.4),
    ("US: 415-555-0132", ((4, 16),), 0.4),
    ("_: +55 11 98456 5666", ((3, 20),), 0.4),
    ("Brazil: +55 11 98456 5666", ((8, 25),), 0.4),
    ("BR: +55 11 98456 5666", ((4, 21),), 0.4),
]


@pytest.mark.parametrize(("text", "positions", "score"), PRESIDIO)
def test_presidio_phone_table(recognizer, text, positions, score):
    results = [r for r in recognizer.analyze(text, ["PHONE_NUMBER"]) if r.score >= score]
    assert [(r.start, r.end) for r in results] == list(positions)
    assert all(r.entity_type == "PHONE_NUMBER" and r.score == pytest.approx(score) for r in results)


@pytest.mark.parametrize(
    ("text", "lang", "phone"),
    [
        # a cue next to a local number (short captions often read `und`: the cue's regions are scanned)
        ("Reservas en el 612 345 678", "es", "612 345 678"),
        ("Llámanos al móvil 612 345 678 para más información", "und", "612 345 678"),
        ("Prenotazioni allo 333 123 4567 per la cena", "it", "333 123 4567"),
        ("Tlf. 912 345 678 para la reserva", "und", "912 345 678"),
        ("WhatsApp 55 1234 5678 para pedidos", "und", "55 1234 5678"),
        ("咨询热线 010-6552 9988", "zh", "010-6552 9988"),
        ("手机 138 1234 5678 微信同号", "zh", "138 1234 5678"),
        ("お問い合わせは電話 090-1234-5678 まで", "ja", "090-1234-5678"),
        ("Liên hệ điện thoại 0912 345 678", "vi", "0912 345 678"),
        ("संपर्क फ़ोन 98765 43210", "hi", "98765 43210"),
        ("call/text 0412 345 678 for the house cleaning", "en", "0412 345 678"),
        # no cue: the trunk prefix or the exact national grouping of the caption language's region
        ("Die Praxis in Berlin ist unter 030 12345678 zu erreichen", "de", "030 12345678"),
        ("ご予約は 03-1234-5678 まで", "ja", "03-1234-5678"),
        ("Cửa hàng của chúng tôi: 028 3822 1234", "vi", "028 3822 1234"),
        ("El local de la calle Mayor, 612 34 56 78", "es", "612 34 56 78"),
        ("Le salon de coiffure au 06 12 34 56 78", "fr", "06 12 34 56 78"),
        ("O salão fica em Pinheiros, (11) 98765-4321", "pt", "(11) 98765-4321"),
        ("Computer Repair Bellevue Ne 402-505-6600", "und", "402-505-6600"),
        # international numbers, anywhere
        ("Llama al +34 912 345 678", "und", "+34 912 345 678"),
        ("Tel. +49 30 901820 - Berlin Zahnarzt", "und", "+49 30 901820"),
        ("Whatsapp +44 7700 900123 for prices", "en", "+44 7700 900123"),
        # an EDI record: '*' separates fields there, it is no size ("TE" = telephone)
        ("N1*ST*THE CORNER STORE PER*PD*JOHN JONES**TE*415-744-8666 ITD*01", "en", "415-744-8666"),
        ("Praxis Dr. Weber, Tel. 030/1234567", "und", "030/1234567"),
    ],
)
def test_local_phones(recognizer, text, lang, phone):
    assert detect(text) == lang  # the row tests the language it names
    assert [p for p, _ in kept(recognizer, text)] == [phone]


@pytest.mark.parametrize(
    ("text", "lang", "number", "reason"),
    [
        # 9-digit catalogue numbers are valid Spanish/Portuguese numbers: no cue, no shape -> not phones
        ("El modelo de la mesa es el 612345678 en roble", "es", "612345678", "phone_local_without_cue"),
        ("Mesa de comedor con la referencia 912803456 en la tienda", "es", "912803456",
         "phone_local_catalog_context"),
        ("La mesa del comedor 612345678 en la tienda", "es", "612345678", "phone_local_without_cue"),
        ("Camiseta de algodón para la playa 712 345 678", "es", "712 345 678", "phone_local_without_cue"),
        ("Tapete para a sala 912345678 em algodão", "pt", "912345678", "phone_local_without_cue"),
        ("Il divano della casa 3123456789 in pelle", "it", "3123456789", "phone_local_without_cue"),
        ("商品 货号 13812345678 的详细信息", "zh", "13812345678", "phone_local_catalog_context"),
        # ids, sizes and prices stay themselves even next to a cue word
        ("Tel. Art.-Nr. 612 345 678 für den Tisch", "de", "612 345 678", "phone_local_catalog_context"),
        ("El precio de la mesa es 612 345 678 € con el IVA", "es", "612 345 678", "phone_local_price"),
        ("Mesa de la cocina 612 x 345 x 678 mm", "und", "612", None),
        # "number" is too weak a cue for a number phonenumbers only calls possible
        ("Emmy London Diamond Ring - Product number 5099587", "und", "5099587", "phone_local_catalog_context"),
        ("Model kit, see number 5099587 in the list", "en", "5099587", "phone_possible_without_cue"),
        ("Die Praxis, Tel. 1234 (Durchwahl) in der Stadt", "de", "1234", None),  # too short to dial
    ],
)
def test_catalogue_numbers_are_not_phones(recognizer, text, lang, number, reason):
    assert detect(text) == lang
    assert kept(recognizer, text) == []
    if reason is not None:  # phonenumbers found a candidate: the recognizer names why it is not a phone
        assert rejected(recognizer, text).get(number) == reason


@pytest.mark.parametrize(
    ("text", "number", "reason"),
    [
        ("SKU 612345678", "612345678", "phone_local_catalog_context"),
        ("Item No. 612 345 678", "612 345 678", "phone_local_catalog_context"),
        ("ISBN: 0306406152", "0306406152", "phone_local_catalog_context"),
        ("型番：0312345678", "0312345678", "phone_local_catalog_context"),
        ("size 612 x 345", "612", "phone_local_dimension"),
        ("Precio 612 345 678 €", "612 345 678", "phone_local_price"),
        ("Giá 1 234 567 ₫", "1 234 567", "phone_local_price"),
        ("Casio Digital Watch - Product number 2400421", "2400421", "phone_local_catalog_context"),
        ("ROLZ Mobile Conference Center, 23-1/2 x 17 x 41-1/2, Gray", "23-1/2 x 17 x 41-1/2", "phone_local_dimension"),
    ],
)
def test_reject_reason(text, number, reason):
    start = text.index(number)
    assert reject_reason(text, start, start + len(number)) == reason


def test_stage_names_the_cut(analyzer):
    """The stage keeps the phone and reports the catalogue number as a cut with the recognizer's reason."""
    text = "Reservas en el 612 345 678, la mesa del comedor 712345678 en la tienda"
    ((kept_spans, cut, error),) = analyzer.analyze([text])
    assert error == ""
    assert [text[s:e] for t, s, e, _ in kept_spans if t == "PHONE_NUMBER"] == ["612 345 678"]
    assert ("712345678", "phone_local_without_cue") in [(text[c[1]:c[2]], c[4]) for c in cut]


def test_linear_on_many_numbers(recognizer):
    # 10x more numbers with cues and ids: linear is ~10x, quadratic would be 100x
    unit = "Tel. 612 345 678, ref 912803456, 030 12345678 y móvil 0912 345 678. "

    def best(text: str) -> float:
        out = float("inf")
        for _ in range(3):  # best of 3: the machine is shared
            t0 = time.perf_counter()
            recognizer.analyze(text, ["PHONE_NUMBER"])
            out = min(out, time.perf_counter() - t0)
        return out

    short, long = unit * 40, unit * 400
    assert best(long) < 30 * best(short)
