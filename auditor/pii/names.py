"""Person names from lists and shape, in any script: the path that needs no NER model.

Captions in languages without an installed spaCy pipeline (German, Vietnamese, Japanese, Chinese, Hindi...)
reach this path only; captions with a pipeline get it as a second opinion next to NER. One pass over the
caption's words (O(length), set lookups only):

* Latin script: a run of Capitalised words (particles such as "de", "van", "von" may join them) where a
  known given name is followed by a known family name ("Lena Hoffmann", 0.8) or, in a short run, by one
  more Capitalised word ("Anh Nguyen", 0.6); or a Capitalised word followed by a known family name in a
  short run ("Rahul Deshpande" when "Rahul" is missing, 0.55). Runs longer than four words are titles:
  only given + family pairs count there.
* Scripts without spaces between words (Han, kana): a known family name directly followed by a known
  given name ("山田太郎", "王伟"), 0.7.
* Other scripts with spaces (Devanagari, Hangul, Thai...): a given-name word next to a family-name word.
* Polish inflected names ("Agnieszki Nowak") are looked up by their nominative, Turkish names without their
  apostrophe suffix ("Demir'in") (auditor.pii.inflect); Korean, Japanese and Hindi name shapes with
  particles, honorifics and spaces are in auditor.pii.names_asia.

The lists come from Faker's locales (auditor/data/pii_world_given_names.txt, pii_family_names.txt) plus
the curated pii_given_names.txt; see auditor/data/README.md.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from auditor.pii import inflect, names_asia

Span = tuple[int, int, float]
#: letters plus the combining vowel signs of Indic and Thai scripts (not \w in Python's re)
_L = r"(?:[^\W\d_]|[\u0300-\u036f\u0900-\u0dff\u0e00-\u0e7f])"
_WORD = re.compile(rf"{_L}+(?:['’\-]{_L}+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]+")
PARTICLES = frozenset("de da do dos das del della di du van von der den la le bin binti al el ter zu y e".split())
#: longest family / given name, in characters, tried in Han runs (bounds the work per position)
_HAN_MAX = 3


@cache
def _list(filename: str) -> frozenset[str]:
    text = resources.files("auditor").joinpath("data", filename).read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@cache
def given_names() -> frozenset[str]:
    return _list("pii_given_names.txt") | _list("pii_world_given_names.txt")


def family_names() -> frozenset[str]:
    """Family names that are not also English words."""
    return _list("pii_family_names.txt")


def family_first() -> frozenset[str]:
    """Family names of family-first cultures in Latin script (Vietnamese, romanized Chinese/Korean, Hungarian)."""
    return _list("pii_family_first_names.txt")


@cache
def family_names_all() -> frozenset[str]:
    """Every family name, including those that are English words ('Brown', 'Hoffmann')."""
    return family_names() | _list("pii_family_names_words.txt")


def _is_cap(word: str) -> bool:
    return word[0].isupper() and not (len(word) > 1 and word.isupper())


def _latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"


def find(text: str) -> list[Span]:
    """PERSON spans (start, end, score) found from the name lists and word shape; O(len(text))."""
    given, family = given_names(), (family_names(), family_names_all())
    out: list[Span] = []
    run: list[tuple[int, int, str]] = []
    spaced: list[tuple[int, int, str]] = []  # words of space-separated non-Latin scripts
    prev_end = -10
    polish = inflect.POLISH_HINT.search(text) is not None  # once per caption
    for m in _WORD.finditer(text):
        word, s, e = m.group(), m.start(), m.end()
        if not _latin(word[0]):
            _flush_latin(run, given, family, out, polish)
            run = []
            if not _HAN.match(word):
                spaced.append((s, e, word))
            prev_end = e
            continue
        joined = s - prev_end <= 2 and text[prev_end:s].isspace()
        if run and not joined:
            _flush_latin(run, given, family, out, polish)
            run = []
        if _is_cap(word) or (run and word in PARTICLES):
            cut = inflect.suffix_cut(word)  # "Demir'in": the name is "Demir"
            run.append((s, s + cut, word[:cut]))
        else:
            _flush_latin(run, given, family, out, polish)
            run = []
        prev_end = e
    _flush_latin(run, given, family, out, polish)
    _spaced_pairs(text, spaced, given, family[1], out)
    japanese = _KANA.search(text) is not None  # once per caption, not per kanji run
    for m in _HAN.finditer(text):
        if not (japanese and names_asia.japanese(text, m.group(), m.start(), given, family[1], out)):
            _han(m.group(), m.start(), given, family[1], out, text, japanese)
    return sorted(out)


def _flush_latin(run: list[tuple[int, int, str]], given: frozenset[str],
                 families: tuple[frozenset[str], frozenset[str]], out: list[Span], polish: bool = False) -> None:
    """Names in one run of Capitalised words (see the module docstring for the scores)."""
    strict, family = families
    while run and run[-1][2] in PARTICLES:
        run = run[:-1]
    if len(run) < 2:
        return
    title = len(run) > 4
    low = [_lookup(w.lower(), given, family) if polish else w.lower() for _, _, w in run]
    i = 0
    while i < len(run) - 1:
        if low[i] in PARTICLES:
            i += 1
            continue
        j, score = i + 1, 0.0
        if low[i] in given or low[i] in strict:  # given first, or family first (Vietnamese, Hungarian)
            k = i + 1
            while k < len(run) and k - i <= 3 and (low[k] in family or low[k] in given or low[k] in PARTICLES):
                k += 1
            while k > i + 1 and low[k - 1] in PARTICLES:
                k -= 1
            named = low[i:k]
            if k > i + 1 and any(w in given for w in named) and any(w in family for w in named):
                j, score = k, 0.8
                if not title and k < len(run) and len(run[k][2]) <= 3:  # "Nguyễn Văn An": short given
                    j += 1
            elif not title and low[i] in given and low[i + 1] not in PARTICLES:
                j, score = i + 2, 0.6
        if not score and not title and low[i] in family_first() and i + 1 < len(run):
            j, score = min(len(run), i + 4), 0.7  # "Lý Gia Hân", "Đặng Quốc Bảo": family name first
        elif not title and low[i + 1] in strict and low[i] not in family and low[i] not in family_first():
            j, score = i + 2, 0.55
        if score:
            out.append((run[i][0], run[j - 1][1], score))
            i = j
        else:
            i += 1


def _lookup(word: str, given: frozenset[str], family: frozenset[str]) -> str:
    """The word as the lists hold it: itself, or the nominative of a Polish inflected form in a list."""
    if word in given or word in family or word in PARTICLES:
        return word
    for lemma in inflect.lemmas(word):
        if lemma in given or lemma in family:
            return lemma
    return word


def _spaced_pairs(text: str, words: list[tuple[int, int, str]], given: frozenset[str],
                  family: frozenset[str], out: list[Span]) -> None:
    """Devanagari, Hangul, Thai...: a given-name word next to a family-name word (either order)."""
    names_asia.korean(text, words, given, family, out)  # Korean writes family + given as one word: "김민준"
    names_asia.hindi(text, words, given, family, out)
    for (s1, e1, w1), (s2, e2, w2) in zip(words, words[1:], strict=False):
        if text[e1:s2].isspace() and ((w1 in given and w2 in family) or (w1 in family and w2 in given)):
            out.append((s1, e2, 0.7))


#: after a Japanese/Chinese name: honorifics; before one: "photo:" credits
_KANA = re.compile(r"[\u3040-\u30ff]")
_HONORIFIC = re.compile(r"(?:さん|さま|様|氏|くん|君|ちゃん|先生|选手|選手|老师|先生)")
_CJK_CUE = re.compile(r"(?:撮影|摄影|写真|拍摄|モデル|模特)\s*[：:]?\s*$")


def _han(run: str, offset: int, given: frozenset[str], family: frozenset[str], out: list[Span],
         text: str = "", japanese: bool = False) -> None:
    """Family name + given name inside a Han run, longest first; bounded work per position.

    A known family name followed by one or two unknown characters also counts when the run ends there
    and an honorific follows ("鈴木一郎さん") or a photo credit precedes it ("撮影：伊藤由美").
    """
    end = offset + len(run)
    after = text[end:end + 3]
    before = text[max(0, offset - 8):offset]
    cued = bool(_HONORIFIC.match(after)) or bool(_CJK_CUE.search(before))
    if cued:
        for fl in (2, 1, 3):
            tail = len(run) - fl
            if 1 <= tail <= 3 and run[:fl] in family:
                out.append((offset, end, 0.7))
                return
        if 2 <= len(run) <= 4 and _HONORIFIC.match(after):
            for fl in (2, 1):  # "小林大輔さん" inside "...写真、小林大輔さん": family name at the end
                for st in range(max(0, len(run) - 4), len(run) - fl):
                    if run[st:st + fl] in family and 1 <= len(run) - st - fl <= 2:
                        out.append((offset + st, end, 0.7))
                        return
    # Japanese writes names between kana or punctuation: a name starts its kanji run ("東京都千代田区" holds none)
    i = 0
    while i < len(run) - 1 and not (japanese and i > 0):
        hit = None
        for fl in range(min(_HAN_MAX, len(run) - i - 1), 0, -1):
            if run[i:i + fl] in family:
                for gl in range(min(_HAN_MAX, len(run) - i - fl), 0, -1):
                    if run[i + fl:i + fl + gl] in given and fl + gl >= 2:
                        hit = fl + gl
                        break
            if hit:
                break
        if hit:
            out.append((offset + i, offset + i + hit, 0.7))
            i += hit
        else:
            i += 1
