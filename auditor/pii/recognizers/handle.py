"""Social-media handles: `@kyle.brennan`, `jane_doe87 on instagram`, `IG: janedoe`, `by jane_doe87`.

A handle names one account, usually one person's; spaCy reads `@kyle.brennan` as a place or misses it.
Each pattern below is a regex without nested quantifiers (linear on any input); the handle itself, not
the platform word, is the span, so redaction keeps "on instagram" readable. Scores: an '@' handle or a
platform URL is near-certain (0.75); a token named by a platform word (0.65); a handle-shaped token
(with '_', '.', or trailing digits) after "by" or "photo:" (0.55).

Asian platforms name accounts with their own words ("微博：chenxi_travel", "抖音号 xiaoyu_2020", "LINE ID:
yui_kondo22", "카카오톡 ID: minji0312", "네이버 블로그 jiwoo_cafe"): Weibo, Xiaohongshu/RED, Douyin,
Bilibili, WeChat, Naver, Kakao, LINE, Zalo in Latin script and their own. A token after one of them and a
separator counts (0.65); without a separator only a handle-shaped token (0.6). LINE, QQ and Zalo are also
ordinary words or digits, so they need "ID" first. An '@' handle may be written in any script
("小红书 @林小鹿的日常"): the '@' pattern takes letters of every script up to the next space or punctuation.
"""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult

_PLATFORM = r"instagram|insta|ig|twitter|tiktok|tik\s?tok|snapchat|snap|threads|twitch|youtube|yt"
_TOKEN = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"  # noqa: S105 - a regex, not a secret
#: platforms of China, Korea, Japan and Vietnam, named in Latin script or their own
_ASIA = (r"weibo|微博|xiaohongshu|小红书|小紅書|douyin|抖音|bilibili|b站|wechat|微信|naver|네이버|kakao(?:talk)?|"
         r"카카오톡|카톡|인스타그램|인스타|틱톡|インスタ|ツイッター")
_ASIA_ID = r"(?:line|qq|zalo|kakao(?:talk)?|카카오톡|카톡)\s*(?:id|ID|아이디)"
#: words between an Asian platform and the handle: account, ID, number, blog
_ASIA_WORD = r"(?:\s*(?:id|号|號|账号|賬號|아이디|블로그|계정|blog|account))?"
#: an '@' handle in any script: a letter or digit of any script, then letters, digits, '_' or '.'
_ANY = r"[^\W_]\w{0,29}(?:\.\w{1,29})?"
#: "on" in the caption languages (auf, sur, en, no/na/em, su/di, na, trên/qua, üzerinden) and the case endings
#: a platform name takes in Polish and Turkish ("na Instagramie", "Instagram'da")
_ON = r"on|via|@|at|auf|bei|sur|en|no|na|em|su|di|trên|qua|üzerinden|w"
_CASE = r"(?:ie|u|['’]?[dt][ae]n?)?"
#: a token that cannot be a plain word: contains '_' or an inner '.', or letters then digits
_SHAPED = r"(?=[A-Za-z0-9_.]{0,29}(?:_|[A-Za-z]\.[A-Za-z0-9]|[A-Za-z]\d))" + _TOKEN
#: (name, regex with a group 'h' = the handle, score)
PATTERNS: tuple[tuple[str, str, float], ...] = (
    ("at handle", rf"(?<![\w@.+-])(?P<h>@{_TOKEN})", 0.75),
    ("at handle, any script", rf"(?<![\w@.+-])(?P<h>@{_ANY})", 0.75),
    ("asian platform: handle", rf"(?:{_ASIA}|{_ASIA_ID}){_ASIA_WORD}\s*[:：\-]\s*@?(?P<h>{_TOKEN})(?![\w@])", 0.65),
    ("asian platform handle", rf"(?:{_ASIA}|{_ASIA_ID}){_ASIA_WORD}\s*@?(?P<h>{_SHAPED})(?![\w@])", 0.6),
    ("platform url", rf"\b(?:instagram|twitter|tiktok|x|threads|snapchat)\.com/@?(?P<h>{_TOKEN})", 0.75),
    ("platform: handle", rf"\b(?:{_PLATFORM})\s*(?::|-|>|handle|account)\s*@?(?P<h>{_TOKEN})\b", 0.65),
    ("handle on platform", rf"(?<![\w@.])(?P<h>{_SHAPED})\s+(?:{_ON})\s+(?:{_PLATFORM}){_CASE}\b", 0.65),
    ("byline handle", rf"\b(?:by|photo|credit|pic|via|follow)\s*:?\s+(?P<h>{_SHAPED})\b", 0.55),
)
PRECHECK = rf"@|\b(?:{_PLATFORM}|by|photo|credit|pic|via|follow)\b|{_ASIA}|(?:line|qq|zalo)\s*id"
#: pronouns and words the platform patterns catch in "follow us on instagram", "IG: link in bio"
NOT_HANDLES = frozenset({"us", "me", "him", "her", "them", "it", "this", "our", "my", "link", "the", "a",
                         "and", "or", "for", "at", "on", "in", "of", "to", "with", "here", "now", "com"})

#: patterns that rely on the token's shape alone (no '@', no platform word right before it)
_SHAPE_ONLY = frozenset({"byline handle", "handle on platform"})
#: no letter (of any script), or a retina/size suffix such as "@2x"
_NOT_A_HANDLE = re.compile(r"@?(?:[\W\d_]*|\d+x)$", re.IGNORECASE)


class SocialHandleRecognizer(LocalRecognizer):
    """SOCIAL_HANDLE: an account name on a social platform."""

    ENTITY = "SOCIAL_HANDLE"
    PRECHECK = PRECHECK

    def __init__(self, supported_language: str = "en") -> None:
        self._patterns = [(n, re.compile(rx, re.IGNORECASE), s) for n, rx, s in PATTERNS]
        super().__init__(supported_entities=[self.ENTITY], name="SocialHandleRecognizer",
                         supported_language=supported_language)

    def load(self) -> None:
        """Nothing to load: the patterns are compiled in __init__."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        best: dict[tuple[int, int], float] = {}
        for name, rx, score in self._patterns:
            for m in rx.finditer(text):
                start, end = m.span("h")
                handle = m.group("h").strip(".")
                end = start + len(m.group("h").rstrip("."))
                if _NOT_A_HANDLE.match(handle) or handle.lower() in NOT_HANDLES:
                    continue
                if name in _SHAPE_ONLY and not any(ch.islower() for ch in handle):
                    continue  # "by P.A. DePaul": initials, not an account name
                best[(start, end)] = max(score, best.get((start, end), 0.0))
        out, reach = [], -1
        for (s, e), sc in sorted(best.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
            if e > reach:  # "@maria_lopez" also matches "maria_lopez" after a platform word: keep one
                out.append(RecognizerResult(self.ENTITY, s, e, sc))
                reach = e
        return out
