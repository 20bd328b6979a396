"""SocialHandleRecognizer: handles are their own entity, the span is the handle (issue 15)."""

from __future__ import annotations

import re
import time

import pytest

from auditor.pii.recognizers.handle import PATTERNS, PRECHECK, SocialHandleRecognizer


@pytest.fixture(scope="module")
def recognizer():
    return SocialHandleRecognizer()


def found(recognizer, text: str) -> list[str]:
    return [text[r.start:r.end] for r in recognizer.analyze(text, ["SOCIAL_HANDLE"])]


@pytest.mark.parametrize(
    ("caption", "handles"),
    [
        ("Golden hour portrait with @kyle.brennan", ["@kyle.brennan"]),
        ("jane_doe87 on instagram", ["jane_doe87"]),
        ("Wedding day! IG: janedoe", ["janedoe"]),
        ("Photo by jane_doe87", ["jane_doe87"]),
        ("see instagram.com/jane.doe for more", ["jane.doe"]),
        ("tiktok - @maria_lopez.art", ["@maria_lopez.art"]),
        ("Fotos de @lucia.fernandez en la playa", ["@lucia.fernandez"]),
    ],
)
def test_handles(recognizer, caption, handles):
    assert found(recognizer, caption) == handles


@pytest.mark.parametrize(
    "caption",
    ["mail me at jane@example.org", "follow us on instagram", "icon@2x.png @2x retina",
     "Photo by John Smith", "shot on iPhone 12 by the lake", "Price @ 19.99"],
)
def test_not_handles(recognizer, caption):
    assert found(recognizer, caption) == []


@pytest.mark.parametrize(
    ("caption", "handles"),
    [
        ("小红书 @林小鹿的日常", ["@林小鹿的日常"]),
        ("B站 @阿伟今天吃什么", ["@阿伟今天吃什么"]),
        ("微博：chenxi_travel", ["chenxi_travel"]),
        ("抖音号 xiaoyu_2020 关注我", ["xiaoyu_2020"]),
        ("LINE ID: yui_kondo22", ["yui_kondo22"]),
        ("카카오톡 ID: minji0312", ["minji0312"]),
        ("네이버 블로그 jiwoo_cafe 에서 퍼옴", ["jiwoo_cafe"]),
        ("인스타그램 @seoyeon.kim_ 팔로우", ["@seoyeon.kim_"]),
        ("Weibo: lin.xiaolu", ["lin.xiaolu"]),
        ("Folgt lena_hoffmann88 auf Instagram", ["lena_hoffmann88"]),
        ("Retrouvez camille.dubois sur Instagram", ["camille.dubois"]),
        ("Zdjęcia: ania_nowak92 na Instagramie", ["ania_nowak92"]),
        ("ayse_demir34 Instagram'da", []),  # no preposition: the shape alone is not enough
        ("Takip edin: ayse_demir34 üzerinden Instagram", ["ayse_demir34"]),
    ],
)
def test_asian_platform_handles(recognizer, caption, handles):
    assert found(recognizer, caption) == handles


@pytest.mark.parametrize(
    "caption",
    ["Naver Map screenshot", "LINE of products", "微博热搜", "kakao friends ryan plush", "QQ 123456789",
     "Zalo: 0912 345 678", "抖音 推荐", "价格 @ 99元", "line: 2 of 3"],
)
def test_asian_platform_not_handles(recognizer, caption):
    assert found(recognizer, caption) == []


def test_precheck_is_a_superset_of_every_pattern():
    pre = re.compile(PRECHECK, re.IGNORECASE)
    for _name, rx, _score in PATTERNS:
        assert "@" in rx or any(w in rx for w in ("instagram", "by|photo", "weibo")), rx
    for text in ["@a_b", "x on ig", "by jane_1", "IG: abc", "微博：a_b", "LINE ID: a", "네이버 블로그 a_b"]:
        assert pre.search(text)


def test_linear_on_hostile_input(recognizer):
    # 10x longer, both past the CPU caches: linear is ~10x, quadratic would be 100x
    short, long = "a_" * 100_000 + " @", "a_" * 1_000_000 + " @"
    def best(text: str) -> float:
        out = float("inf")
        for _ in range(3):  # best of 3: the machine is shared
            t0 = time.perf_counter()
            recognizer.analyze(text, ["SOCIAL_HANDLE"])
            out = min(out, time.perf_counter() - t0)
        return out

    assert best(long) < 30 * best(short)


def test_stage_keeps_handles_and_redacts_them(kept_types, analyzer):
    from auditor.pii.redact import redact

    text = "Sunset shoot with @kyle.brennan, jane_doe87 on instagram"
    assert "SOCIAL_HANDLE" in kept_types(text)
    ((kept, _cut, _err),) = analyzer.analyze([text])
    red = redact(text, kept)
    assert "kyle" not in red and "jane_doe87" not in red and "<SOCIAL_HANDLE>" in red
