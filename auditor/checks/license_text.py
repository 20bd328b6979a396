"""Unicode clean-up of a raw license value before any pattern sees it.

Why: look-alike characters turned NC into commercial. `CC BY‑NC 4.0` with U+2011, an en dash, a
zero-width space inside "NC" or a Cyrillic "С" made the NC module invisible to ASCII patterns, and the
value came out as CC BY (commercial use allowed). So every value goes through, in this order:

1. Unicode NFKC (full-width letters, ligatures, compatibility forms -> plain letters), with the
   look-alike step of 4 applied before it too (NFKC maps some look-alikes to other non-Latin letters);
2. removal of every format character (general category Cf: zero-width space/joiners, bidi controls,
   soft hyphen, BOM, word joiner);
3. every dash and hyphen (category Pd, plus minus sign and friends) -> ASCII `-`;
4. a confusable skeleton (Unicode TR39 confusables.txt, as shipped by `confusable-homoglyphs`): a
   non-ASCII character whose TR39 prototype is one ASCII letter or digit becomes that letter or digit.

A value that still holds non-ASCII letters where a license token should be (a 2-3 letter token that
could be a CC module, or a license word with an accent in it) is not guessed at: `suspicious_token`
says so and the normalizer answers unknown.

Runs on distinct values only; an all-ASCII value skips everything but the dash step (cheap).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

#: dashes that are not in category Pd but are used as one
_EXTRA_DASHES = "\u2212\u02d7\u2043\u2796\ufe63\uff0d"
_ASCII_MODULE_TOKENS = ("by", "nc", "sa", "nd", "cc")
#: license words; one of these with an accented or foreign letter inside is never guessed at
_LICENSE_WORDS = frozenset({
    "attribution", "noncommercial", "commercial", "non", "sharealike", "share", "alike", "noderivs",
    "noderivatives", "derivatives", "derivs", "creative", "commons", "creativecommons", "license",
    "licence", "licenses", "licences", "public", "domain", "zero", "by", "nc", "sa", "nd", "cc", "cc0",
})


class _Categories(dict):
    """str.translate table: format characters (Cf) removed, dashes (Pd and friends) to '-'.

    Filled per character the first time it is met, rather than by scanning every code point at start-up.
    """

    def __missing__(self, cp: int) -> str | None:
        char = chr(cp)
        cat = unicodedata.category(char)
        value = None if cat == "Cf" else "-" if cat == "Pd" or char in _EXTRA_DASHES else char
        self[cp] = value
        return value


_CATEGORIES = _Categories()
#: common non-ASCII characters that are no look-alike of a letter: a value holding only these (plus ASCII)
#: never needs the TR39 table, so copyright notices do not pay for loading it
_INERT = "©®™°±×÷§¶·€£¥¢«»“”‘’‚„…•′″"
_NEEDS_SKELETON = re.compile(f"[^\x00-\x7f{_INERT}]")


@cache
def _skeleton() -> dict[int, str]:
    """TR39 confusables whose prototype is one ASCII letter or digit -> that letter or digit."""
    import confusable_homoglyphs

    path = Path(confusable_homoglyphs.__file__).parent / "confusables.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    table: dict[int, str] = {}
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_glyphs = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalnum()]
        if ascii_glyphs and unicodedata.category(char) not in ("Cf", "Pd"):
            table[ord(char)] = ascii_glyphs[0]
    return table


def _look_alikes(text: str) -> str:
    return text.translate(_skeleton()) if _NEEDS_SKELETON.search(text) else text


def clean(text: str) -> str:
    """NFKC, format characters removed, dashes to '-', TR39 Latin skeleton (see module docstring)."""
    if text.isascii():
        return text
    # TR39 prototypes first: NFKC would turn some look-alikes into other non-Latin letters (ϲ -> ς)
    text = _look_alikes(text.translate(_CATEGORIES))
    if unicodedata.is_normalized("NFKC", text):  # the common case (©, accents): one pass is enough
        return text
    return _look_alikes(unicodedata.normalize("NFKC", text).translate(_CATEGORIES))


_TOKEN = re.compile(r"[^\W\d_]+")
_NON_ASCII_LETTER = re.compile(r"(?![a-zA-Z])[^\W\d_]")
_CC_CONTEXT = re.compile(r"\bcc\b|creative\s*commons|\battribution\b|licen[cs]es/", re.IGNORECASE)


def suspicious_token(text: str) -> str | None:
    """The first token that still holds a non-ASCII letter where a license token could be, or None.

    `text` is already cleaned. A short token (<= 3 letters) whose ASCII letters are part of a CC module
    code (`nЦ` could be nc or nd), a short token of non-ASCII letters only in a Creative Commons context
    (`BY-ЖЦ`), or a token
    whose accent-stripped form is a license word (`noncommercíal`), is suspicious: reading it as
    anything could grant freedom the license withholds.
    """
    if text.isascii() or not _NON_ASCII_LETTER.search(text):  # © and friends are not letters
        return None
    cc_context = _CC_CONTEXT.search(text) is not None
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok.isascii():
            continue
        low = tok.lower()
        ascii_part = "".join(c for c in low if c.isascii())
        if len(low) <= 3 and ((cc_context and not ascii_part)
                              or any(ascii_part and ascii_part in mod for mod in _ASCII_MODULE_TOKENS)):
            return tok
        folded = "".join(c for c in unicodedata.normalize("NFD", low) if not unicodedata.combining(c))
        if folded.isascii() and folded in _LICENSE_WORDS:
            return tok
    return None
