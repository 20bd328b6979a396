"""Social-media handles: `@kyle.brennan`, `jane_doe87 on instagram`, `IG: janedoe`, `by jane_doe87`.

A handle names one account, usually one person's; spaCy reads `@kyle.brennan` as a place or misses it.
Each pattern below is a regex without nested quantifiers (linear on any input); the handle itself, not
the platform word, is the span, so redaction keeps "on instagram" readable. Scores: an '@' handle or a
platform URL is near-certain (0.75); a token named by a platform word (0.65); a handle-shaped token
(with '_', '.', or trailing digits) after "by" or "photo:" (0.55).
"""

from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult

_PLATFORM = r"instagram|insta|ig|twitter|tiktok|tik\s?tok|snapchat|snap|threads|twitch|youtube|yt"
_TOKEN = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"  # noqa: S105 - a regex, not a secret
#: a token that cannot be a plain word: contains '_' or an inner '.', or letters then digits
_SHAPED = r"(?=[A-Za-z0-9_.]{0,29}(?:_|[A-Za-z]\.[A-Za-z0-9]|[A-Za-z]\d))" + _TOKEN
#: (name, regex with a group 'h' = the handle, score)
PATTERNS: tuple[tuple[str, str, float], ...] = (
    ("at handle", rf"(?<![\w@.+-])(?P<h>@{_TOKEN})", 0.75),
    ("platform url", rf"\b(?:instagram|twitter|tiktok|x|threads|snapchat)\.com/@?(?P<h>{_TOKEN})", 0.75),
    ("platform: handle", rf"\b(?:{_PLATFORM})\s*(?::|-|>|handle|account)\s*@?(?P<h>{_TOKEN})\b", 0.65),
    ("handle on platform", rf"(?<![\w@.])(?P<h>{_SHAPED})\s+(?:on|via|@|at)\s+(?:{_PLATFORM})\b", 0.65),
    ("byline handle", rf"\b(?:by|photo|credit|pic|via|follow)\s*:?\s+(?P<h>{_SHAPED})\b", 0.55),
)
PRECHECK = rf"@|\b(?:{_PLATFORM}|by|photo|credit|pic|via|follow)\b"
#: pronouns and words the platform patterns catch in "follow us on instagram", "IG: link in bio"
NOT_HANDLES = frozenset({"us", "me", "him", "her", "them", "it", "this", "our", "my", "link", "the", "a",
                         "and", "or", "for", "at", "on", "in", "of", "to", "with", "here", "now", "com"})

#: patterns that rely on the token's shape alone (no '@', no platform word right before it)
_SHAPE_ONLY = frozenset({"byline handle", "handle on platform"})
#: no letter, or a retina/size suffix such as "@2x"
_NOT_A_HANDLE = re.compile(r"@?(?:[^A-Za-z]*|\d+x)$", re.IGNORECASE)


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
