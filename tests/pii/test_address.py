"""StreetAddressRecognizer: a real presidio PatternRecognizer over listing-style captions."""

from __future__ import annotations

import pytest

from auditor.pii.recognizers.address import CONTEXT, PATTERNS, StreetAddressRecognizer


@pytest.fixture(scope="module")
def recognizer():
    return StreetAddressRecognizer()


def found(recognizer, text: str) -> list[tuple[str, float]]:
    return [(text[r.start:r.end], r.score) for r in recognizer.analyze(text, ["STREET_ADDRESS"])]


@pytest.mark.parametrize(
    ("caption", "address", "min_score"),
    [
        ("19496 Rudd Dr, Saucier, MS 39574 (MLS #338065)", "19496 Rudd Dr, Saucier, MS 39574", 0.75),
        ("4739 Waterstone Ct, Grand Chute, WI 54914", "4739 Waterstone Ct, Grand Chute, WI 54914", 0.75),
        ("1 Bedroom Cottage for sale in 39 Main Road , Gatehead KA2 0AR",
         "39 Main Road , Gatehead KA2 0AR", 0.75),
        ("Open house at 1600 Pennsylvania Avenue NW", "1600 Pennsylvania Avenue", 0.5),
        ("44 Lawrence Rd. Fletcher NC, 28732", "44 Lawrence Rd. Fletcher NC, 28732", 0.75),
        ("58 grattan street east williamsburg gmaps", "58 grattan street", 0.5),
        ("Estate Home in Preston Hollow - 5103 Deloache Avenue", "5103 Deloache Avenue", 0.5),
        # other countries' formats (issue 15: pl, tr, vi, zh, ko, hi)
        ("Mieszkanie na sprzedaż, ul. Polna 14, 00-625 Warszawa", "ul. Polna 14, 00-625 Warszawa", 0.75),
        ("Dom do wynajęcia, ul. Długa 7/3, 31-147 Kraków", "ul. Długa 7/3, 31-147 Kraków", 0.75),
        ("Satılık daire: Bağdat Cad. No: 215, 34728 Kadıköy/İstanbul",
         "Bağdat Cad. No: 215, 34728 Kadıköy/İstanbul", 0.75),
        ("Kiralık ev, Atatürk Mah. Gül Sok. No:12 Çankaya/Ankara", "Atatürk Mah. Gül Sok. No:12", 0.6),
        ("Nhà bán, 45 Đường Lê Lợi, Quận 1, TP. Hồ Chí Minh", "45 Đường Lê Lợi, Quận 1", 0.75),
        ("Cho thuê căn hộ số 12 Phố Hàng Bạc, Hoàn Kiếm, Hà Nội", "số 12 Phố Hàng Bạc", 0.6),
        ("上海市徐汇区漕溪北路88号", "上海市徐汇区漕溪北路88号", 0.7),
        ("北京市朝阳区建国路93号万达广场", "北京市朝阳区建国路93号", 0.7),
        ("서울특별시 강남구 테헤란로 152", "서울특별시 강남구 테헤란로 152", 0.7),
        ("부산광역시 해운대구 해운대로 570번길 12", "부산광역시 해운대구 해운대로 570번길 12", 0.7),
        ("मकान नंबर 45, गांधी नगर, जयपुर 302015", "मकान नंबर 45, गांधी नगर, जयपुर 302015", 0.75),
        ("Flat 12, Shivaji Marg, New Delhi 110015", "Flat 12, Shivaji Marg, New Delhi 110015", 0.75),
    ],
)
def test_addresses(recognizer, caption, address, min_score):
    hits = found(recognizer, caption)
    best = max(hits, key=lambda h: len(h[0]))
    assert best[0] == address
    assert best[1] >= min_score


@pytest.mark.parametrize(
    "caption",
    [
        "10 Ways to Walk Your Dog",
        "7 Pumpkin Drink Recipes",
        "2 Bedrooms Terraced House for sale in Austen Road, Farnborough",  # a street, no house number
        "Hogsmeade Station",
        "2019 Lexus ES 300h Vehicle Photo in Dallas, TX 75209",
        # other countries' street words without a house number
        "Atatürk Bulvarı üzerinde trafik", "Ulica Marszałkowska w deszczowy dzień", "王府井步行街夜景",
        "이번 주말 한강 공원 피크닉", "2 phố cổ Hà Nội", "Top 10 Sok. songs", "第3道题", "Gandhi Nagar 2019 photos",
        "Al. 5 pack", "고속도로 2 차선",
    ],
)
def test_not_addresses(recognizer, caption):
    assert found(recognizer, caption) == []


def test_more_countries_linear_on_hostile_input(recognizer):
    import time  # noqa: PLC0415

    def best(text: str) -> float:
        out = float("inf")
        for _ in range(3):  # best of 3: the machine is shared
            t0 = time.perf_counter()
            recognizer.analyze(text, ["STREET_ADDRESS"])
            out = min(out, time.perf_counter() - t0)
        return out

    unit = "ul. Aa Bb Cc 1 Atatürk Mah. Gül Sok. No 서울시 강남구 로 मकान 4, गांधी गांधी 北京市路1 số 1 Phố Lê "
    assert best(unit * 4000) < 30 * best(unit * 400)


def test_abbreviation_alone_is_weak(recognizer):
    (hit,) = found(recognizer, "1 Pack St. Patrick Day Decorations")
    assert hit[1] < 0.5  # needs a postal tail or listing context to pass the default 0.5


def test_patterns_and_context_are_data():
    assert all(isinstance(name, str) and 0 < score <= 1 for name, _rx, score in PATTERNS)
    assert "mls" in CONTEXT and "address" in CONTEXT
