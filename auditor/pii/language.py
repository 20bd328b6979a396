"""Which language a caption is written in, cheaply: its script, then stop words.

The PII stage needs this only to route a caption to a NER pipeline trained on its language (or to none),
so a coarse answer is enough and it must cost far less than NER: one pass over the characters for the
script, one over the words for stop-word votes (O(caption length), no model, no download). Captions are
short and often stop-word free ("Lena Hoffmann Wedding 2019"): those read as `und` (undetermined) and the
caller treats them like English, the dataset's majority language.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

#: script of a character -> language code, for scripts that name one language in captions
_SCRIPTS = (("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("HANGUL", "ko"), ("CJK", "zh"), ("DEVANAGARI", "hi"),
            ("THAI", "th"), ("CYRILLIC", "ru"), ("ARABIC", "ar"), ("HEBREW", "he"), ("GREEK", "el"),
            ("BENGALI", "bn"), ("TAMIL", "ta"))
#: frequent short words that are (nearly) unique to one language in captions
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of with for in on at by from this is are my our your his her their".split()),
    "de": frozenset("und der die das mit von im in am vom aus für auf ist ein eine zum zur den dem des bei "
                    "nach über".split()),
    "fr": frozenset("le la les et avec pour dans sur du des une est au aux chez en par à de".split()),
    "es": frozenset("el la los las y con para en del una por al es su sus de".split()),
    "pt": frozenset("o os as e com para em do da dos das um uma no na nos nas ao é de".split()),
    "it": frozenset("il lo la gli e con per nel nella del della dei delle una di al alla è in".split()),
    "nl": frozenset("het een en met voor van op bij naar de is zijn".split()),
    "vi": frozenset("của và với cho trong là những một các người ảnh tại".split()),
    "id": frozenset("dan dengan untuk di yang dari ini itu pada ke foto".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
#: word -> (language, weight): a word of one language's list counts 2, one shared by several counts 1 each
_VOTES: dict[str, list[tuple[str, int]]] = {}
for _lang, _words in STOP_WORDS.items():
    for _w in _words:
        _VOTES.setdefault(_w, []).append((_lang, 1))
_VOTES = {w: [(lang, 2 if len(v) == 1 else 1) for lang, _ in v] for w, v in _VOTES.items()}
#: one regex over every stop word: Python only sees the matches, not every word of the caption
_STOP = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, _VOTES), key=len, reverse=True)) + r")(?!\w)",
                   re.IGNORECASE)
#: letters with diacritics that only Vietnamese uses among Latin-script caption languages
_VI_LETTERS = frozenset("ơướừửữựăắằẳẵặđạảấầẩẫậẹẻẽếềểễệịỉọỏốồổỗộợởỡờớụủứừửỳỵỷỹ")


def script_language(text: str) -> str | None:
    """The language of the first letter in a non-Latin script that names one; None for Latin text.

    Japanese wins over Chinese as soon as one kana occurs (Japanese mixes kanji and kana).
    """
    if text.isascii():  # most captions: no per-character loop
        return None
    found = None
    for ch in text:
        if ch.isascii() or not ch.isalpha():
            continue
        if ch in _VI_LETTERS:
            return "vi"
        name = unicodedata.name(ch, "")
        for prefix, lang in _SCRIPTS:
            if name.startswith(prefix):
                if lang == "ja":
                    return "ja"
                found = found or lang
                break
    return found


def detect(text: str) -> str:
    """ISO 639-1 code of the caption's language, or 'und' when nothing tells (no stop word, Latin)."""
    by_script = script_language(text)
    if by_script is not None:
        return by_script
    votes: Counter[str] = Counter()
    for m in _STOP.finditer(text):
        for lang, weight in _VOTES.get(m.group().lower(), ()):
            votes[lang] += weight
    if not votes:
        return "und"
    (best, n), *rest = votes.most_common(2) + [("", 0)]
    if best == "en" or votes["en"] >= n:
        return "en"
    # another language needs two words' weight and a clear lead: one shared "in" or "de" is not enough
    return best if n >= 3 and n > rest[0][1] else "und"
