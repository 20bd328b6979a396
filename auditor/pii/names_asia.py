"""Name shapes of Korean, Japanese and Hindi captions that the pair rules of auditor.pii.names miss.

* Korean writes family + given name as one word and glues particles and honorifics to it ("김서연 씨의",
  "강민지의", "이수민님", "한지민과"). A Hangul word is stripped of one such ending, then read as a one- or
  two-syllable family name from the list followed by a given name of two syllables: from the list (0.7),
  or any two syllables when an honorific or job title follows or was glued on ("윤태호 선생님") (0.65).
* Japanese writes a space, or kana, between family and given name often enough ("岡本 あかり",
  "長谷川 真理子 先生", "原田さくら"): a kanji run that is exactly a listed family name, followed by a
  listed given name (kanji or kana) after a space or directly in kana, or by one or two kanji and an
  honorific. In Japanese text a kanji run that starts with a listed two-character family name and holds
  one or two more kanji before a particle or honorific is a name too ("村上大輝と") unless its last
  character is a place or shop suffix ("渋谷区の", "中村屋の").
* Hindi (Devanagari): a word before a listed family-name word, when it is not a function word
  ("अनीता गुप्ता जी") (0.6), as "Rahul Deshpande" counts in Latin script.

Every check looks at one word and its neighbour: O(len(caption)) in all.
"""

from __future__ import annotations

import re

Span = tuple[int, int, float]

#: endings glued to a Korean name: honorifics first (they also cue a name), then case particles
KO_HONORIFIC = ("선생님", "님", "씨", "군", "양")
KO_PARTICLES = ("에게", "한테", "께서", "이랑", "랑", "의", "이", "가", "은", "는", "과", "와", "을", "를", "도", "께")
#: words after a Korean name that say it is one (titles and honorifics written apart)
KO_TITLES = frozenset("씨 님 선생님 선생 작가 기자 대리 과장 부장 사원 팀장 대표 교수 학생 원장 감독 셰프 님의 씨의 "
                      "선생님의 작가의 작가님".split())
_HANGUL = re.compile(r"[\uac00-\ud7a3]+$")


def korean(text: str, words: list[tuple[int, int, str]], given: frozenset[str], family: frozenset[str],
           out: list[Span]) -> None:
    for n, (s, _e, w) in enumerate(words):
        if not _HANGUL.match(w):
            continue
        core, cued = w, False
        for end in KO_HONORIFIC:
            if core.endswith(end) and len(core) > len(end) + 1:
                core, cued = core[:-len(end)], True
                break
        if not cued:
            for end in KO_PARTICLES:
                if core.endswith(end) and len(core) - len(end) in (3, 4):
                    core = core[:-len(end)]
                    break
        nxt = words[n + 1][2] if n + 1 < len(words) else ""
        cued = cued or nxt in KO_TITLES
        for fl in (1, 2):
            fam, rest = core[:fl], core[fl:]
            if fam not in family or len(rest) != 2:
                continue
            if rest in given:
                out.append((s, s + len(core), 0.7))
                break
            if cued:
                out.append((s, s + len(core), 0.65))
                break


#: Japanese honorifics and particles that may follow a name; characters that end place and shop names
JA_AFTER = re.compile(r"(?:さん|さま|様|氏|くん|君|ちゃん|先生|選手|と|の|が|は|を|に|も|です|\s|[、。,.!！・）)」]|$)")
JA_HONORIFIC = re.compile(r"\s?(?:さん|さま|様|氏|くん|君|ちゃん|先生|選手)")
JA_PLACE_END = frozenset("区市町村府県都道駅店屋線寺院橋川山島館園校社堂港通丁目宮城門池坂谷原台野浦湾"
                         "前後上下東西南北内外口家会所部課室場")
_KANA_RUN = re.compile(r"[\u3040-\u309f\u30a0-\u30ff]{1,5}")
_GIVEN_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff々]{1,4}")


def japanese(text: str, run: str, offset: int, given: frozenset[str], family: frozenset[str],
             out: list[Span]) -> bool:
    """Names around one kanji run of a Japanese caption; True when one was found."""
    end = offset + len(run)
    if run in family:
        if text[end:end + 1] == " ":  # "岡本 あかり", "長谷川 真理子 先生"
            m = _GIVEN_WORD.match(text, end + 1)
            if m and (m.group() in given or (JA_HONORIFIC.match(text, m.end()) and len(m.group()) <= 3)):
                out.append((offset, m.end(), 0.7))
                return True
        m = _KANA_RUN.match(text, end)  # "原田さくら": a kana given name right after the family name
        if m:
            for k in range(len(m.group()), 1, -1):
                kana = m.group()[:k]
                if (kana in given or _katakana(kana) in given) and JA_AFTER.match(text, end + k):
                    out.append((offset, end + k, 0.7))
                    return True
    if 3 <= len(run) <= 4 and run[:2] in family and run[-1] not in JA_PLACE_END and JA_AFTER.match(text, end) \
            and text[end:end + 1] != "" and not text[end:end + 1].isspace():
        out.append((offset, end, 0.65))  # "村上大輝と", "藤田健二の"
        return True
    return False


def _katakana(kana: str) -> str:
    """Hiragana as katakana: the lists hold kana given names in one or the other ("さくら" / "サクラ")."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in kana)


#: Hindi function words and titles that precede a family name without being a given name
HI_STOP = frozenset("का की के को में से ने पर और या है हैं था थी थे भी तो जी श्री श्रीमती सुश्री डॉ डॉक्टर "
                    "साथ लिए द्वारा एक यह वह इस उस नगर मार्ग रोड गली चौक".split())


def hindi(text: str, words: list[tuple[int, int, str]], given: frozenset[str], family: frozenset[str],
          out: list[Span]) -> None:
    """An unlisted Devanagari word before a listed family name (listed pairs are found by the caller)."""
    for (s1, _e1, w1), (s2, e2, w2) in zip(words, words[1:], strict=False):
        if w2 in family and w1 not in HI_STOP and w1 not in family and w1 not in given and _devanagari(w1) \
                and text[_e1:s2].isspace():
            out.append((s1, e2, 0.6))


def _devanagari(word: str) -> bool:
    return "\u0900" <= word[0] <= "\u097f"
