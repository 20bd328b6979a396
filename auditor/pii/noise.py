"""Noise cuts: detections a reviewer does not care about on captions, each with a named reason.

Captions are titles and listings, not prose. Measured on LAION with presidio's defaults, most PERSON
spans are product titles, phone numbers are ISBNs and catalogue numbers, UK_NHS is an ISBN-10, URL is a
".jpg" file name and DATE_TIME a year. Each cut below is a small predicate over (caption, start, end);
`CUTS` maps an entity type to its ordered cuts, and `cut_reason` returns the first that applies. The
benchmark prints these names for every row the plain presidio loop flags and this stage does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources

from auditor.pii import titles

Cut = Callable[[str, int, int], bool]

_CATALOG_BEFORE = re.compile(
    r"(?:#|\b(?:mls|code|id|sku|serial|part|model|item|lot|ref|no\.?|nr\.?|isbn|asin|upc|ean|"
    r"listingid|stock|photo|image|vector|order|article|art\.?)\b)[\s:#.=-]*\(?$",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\(?(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})\)?$")
_DOTTED_QUAD = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_YEAR = re.compile(r"^(?:(?:in|of|since|from)\s+)?'?\d{2,4}s?$", re.IGNORECASE)
#: words right before a span that say "a person follows" (bylines, credits, titles, roles)
_CUE_WORDS = (
    r"by|feat|featuring|ft|starring|photo|portrait\s+of|picture\s+of|mr|mrs|ms|miss|dr|prof|sir|dame|lord|"
    r"lady|king|queen|prince|princess|president|senator|sen|rep|governor|mayor|judge|actor|actress|singer|"
    r"rapper|author|writer|artist|photographer|chef|coach|player|star|captain|pastor|rev|saint|bride|groom|"
    r"late|wife|husband|son|daughter|mother|father|mom|dad|uncle|aunt|cousin|friend|suspect|patient|victim|"
    r"ceo|founder|director|striker|quarterback|pitcher|champion"
)
_PERSON_CUE = re.compile(rf"(?:\b(?:{_CUE_WORDS})\.?[\s:,]*|[©@]\s*)$", re.IGNORECASE)
#: a superset of _PERSON_CUE anywhere in a caption (prefix match), for the NER pre-filter
_CUE_ANYWHERE = re.compile(rf"\b(?:{_CUE_WORDS})|[©@]", re.IGNORECASE)
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_FILE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|tiff?|bmp|svg|pdf|html?|php|aspx?|mp[34]|zip)$", re.I)


@cache
def _words(filename: str) -> frozenset[str]:
    text = resources.files("auditor").joinpath("data", filename).read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit() or ch in "Xx")


def is_isbn10(s: str) -> bool:
    d = _digits(s).upper()
    if len(d) != 10 or not d[:9].isdigit() or not (d[9].isdigit() or d[9] == "X"):
        return False
    total = sum((10 - i) * (10 if ch == "X" else int(ch)) for i, ch in enumerate(d))
    return total % 11 == 0


def is_gtin(s: str) -> bool:
    """UPC-A / EAN-13 / ISBN-13 barcode numbers (mod-10 check digit)."""
    d = "".join(ch for ch in s if ch.isdigit())
    if len(d) not in (12, 13) or len(d) != len(s.strip("()")):
        return False
    body, check = d[:-1], int(d[-1])
    weights = [3 if (len(body) - i) % 2 else 1 for i in range(len(body))]
    return (10 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 10) % 10 == check


def catalog_prefix(text: str, start: int, end: int) -> bool:
    """The number follows '#', 'MLS', 'Code:', 'SKU', 'Part', 'ISBN'... : a listing or stock id."""
    return bool(_CATALOG_BEFORE.search(text[max(0, start - 16):start]))


def inside_token(text: str, start: int, end: int) -> bool:
    """Glued to letters, '_' or '/' (file names, 'F/16099073', '055588/060688'): not a dialled number."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return any(ch.isalpha() or ch in "_/" for ch in (before, after))


def bracketed_digit_run(text: str, start: int, end: int) -> bool:
    """'(0399142533)': a bare digit run in brackets is a book or product number, not a phone."""
    span = text[start:end].strip("()")
    return span.isdigit() and "(" in text[max(0, start - 1):start + 1]


def person_has_digit(text: str, start: int, end: int) -> bool:
    return any(ch.isdigit() for ch in text[start:end])


def person_product_word(text: str, start: int, end: int) -> bool:
    if person_cue(text, start, end):
        return False
    words = _words("pii_not_name_words.txt")
    tokens = (tok.strip(".,'’\"()-:!").lower().removesuffix("'s") for tok in text[start:end].split())
    return any(tok in words for tok in tokens)


def person_cue(text: str, start: int, end: int) -> bool:
    """A byline or role word ("by", "Dr.", "actress", "©") right before the span."""
    return bool(_PERSON_CUE.search(text, max(0, start - 24), start))


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) widened to whole letter runs: O(span + the two words it cuts), not O(caption)."""
    while start > 0 and _is_letter(text[start - 1]):
        start -= 1
    while end < len(text) and _is_letter(text[end]):
        end += 1
    return start, end


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _given_name(text: str, start: int, end: int) -> bool:
    """A whole word of the caption that overlaps the span is a known given name (any locale's list)."""
    from auditor.pii.names import given_names  # noqa: PLC0415 - cached lists

    known = given_names()
    s, e = _word_bounds(text, start, end)
    return any(m.group().lower() in known for m in _LETTER_RUN.finditer(text, s, e))


@cache
def _phrases() -> re.Pattern[str]:
    """One regex over the brand/product/place phrases of pii_not_name_phrases.txt (whole words)."""
    text = resources.files("auditor").joinpath("data", "pii_not_name_phrases.txt").read_text(encoding="utf-8")
    items = sorted({w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}, key=len,
                   reverse=True)
    latin = [re.escape(w) for w in items if w.isascii() or all(ord(c) < 0x2E80 for c in w)]
    cjk = [re.escape(w) for w in items if w not in latin and not (w.isascii() or all(ord(c) < 0x2E80 for c in w))]
    pattern = r"(?<!\w)(?:" + "|".join(latin) + r")(?!\w)"
    if cjk:  # no spaces between words in Han/kana text: no word boundaries there
        pattern += "|(?:" + "|".join(cjk) + ")"
    return re.compile(pattern, re.IGNORECASE)


_PLACE_BEFORE = re.compile(r"(\w+)[\s-]*$")


def person_place_word(text: str, start: int, end: int) -> bool:
    """The span starts with, or follows, a word that makes it a place (Mont, San, Torre, Rua, Museo, Lake,
    Vịnh...): places are named after saints and people. Words: pii_place_words.txt."""
    words = _words("pii_place_words.txt")
    first = text[start:end].split(maxsplit=1)
    if first and first[0].strip(".,").lower() in words:
        return True
    m = _PLACE_BEFORE.search(text, max(0, start - 24), start)
    return bool(m) and m.group(1).lower() in words


def person_brand_or_place(text: str, start: int, end: int) -> bool:
    """The span overlaps a brand, product, artwork or place named after a person (Tommy Hilfiger, Dr.
    Martens, Victoria Falls, Brandenburger Tor): data in pii_not_name_phrases.txt. Looks only around
    the span (the longest phrase is short), so it costs O(span), not O(caption)."""
    lo, hi = max(0, start - 48), min(len(text), end + 48)
    return any(m.start() + lo < end and start < m.end() + lo for m in _phrases().finditer(text[lo:hi]))


def could_keep_person(text: str) -> bool:
    """False when no PERSON span of `text` could survive the cuts: no given name and no cue anywhere.

    Every kept PERSON needs a given-name word (person_no_given_name) or a cue before it, and both are
    looked up on the caption's own words, so a caption without either never yields a kept PERSON: the
    stage skips spaCy NER for it. This is exact for the stage's output; the benchmark checks it.
    """
    from auditor.pii.names import given_names  # noqa: PLC0415 - cached lists

    known = given_names()  # the same list person_no_given_name reads, so the skip stays exact
    if any(m.group().lower() in known for m in _LETTER_RUN.finditer(text)):
        return True
    return bool(_CUE_ANYWHERE.search(text))


def person_too_long(text: str, start: int, end: int) -> bool:
    """Names have at most four words ('Martin Luther King Jr.'); longer spans are titles."""
    return len(text[start:end].split()) > 4 and not person_cue(text, start, end)


def person_no_given_name(text: str, start: int, end: int) -> bool:
    """No word of the span is a known given name and nothing before it says a person follows.

    spaCy's small model reads most Title Case product names as PERSON; a real name in a caption nearly
    always has a given name (Faker's lists, all locales) or comes after a byline/role cue.
    """
    return not _given_name(text, start, end) and not person_cue(text, start, end)


def person_file_or_handle(text: str, start: int, end: int) -> bool:
    span = text[start:end]
    return "_" in span or "/" in span or bool(_FILE_EXT.search(span))


def url_file_name(text: str, start: int, end: int) -> bool:
    """presidio reads 'photo.jpg' as the '.jp' domain."""
    span = text[start:end]
    return bool(_FILE_EXT.search(span)) and "://" not in span


def year_only(text: str, start: int, end: int) -> bool:
    return bool(_YEAR.match(text[start:end].strip()))


def single_word(text: str, start: int, end: int) -> bool:
    """A lone nationality/religion adjective ('Canadian Flag Magnet') describes a product, not a person."""
    return len(text[start:end].split()) == 1


def _isbn(text: str, start: int, end: int) -> bool:
    """A book or barcode number; never one written with '+' ("+49 30 901820" passes the ISBN-10 sum)."""
    span = text[start:end]
    return not span.lstrip("( ").startswith("+") and (is_isbn10(span) or is_gtin(span))


def _date(text: str, start: int, end: int) -> bool:
    return bool(_DATE.match(text[start:end].strip()))


_ID_CUTS: tuple[tuple[str, Cut], ...] = (
    ("id_isbn_or_barcode", _isbn),
    ("id_catalog_number", catalog_prefix),
    ("id_inside_token", inside_token),
)

#: entity type -> ordered (reason, predicate); the first predicate that holds names the cut
CUTS: dict[str, tuple[tuple[str, Cut], ...]] = {
    "PERSON": (
        ("person_brand_or_place", person_brand_or_place),
        ("person_place_word", person_place_word),
        ("person_has_digit", person_has_digit),
        ("person_file_or_handle", person_file_or_handle),
        ("person_too_long", person_too_long),
        ("person_product_word", person_product_word),
        ("person_product_title", titles.person_product_title),
        ("person_place_suffix", titles.person_place_suffix),
        ("person_no_given_name", person_no_given_name),
    ),
    "PHONE_NUMBER": (
        ("phone_isbn_or_barcode", _isbn),
        ("phone_date", _date),
        ("phone_ip_address", lambda text, start, end: bool(_DOTTED_QUAD.match(text[start:end]))),
        ("phone_catalog_number", catalog_prefix),
        ("phone_inside_token", inside_token),
        ("phone_bracketed_digit_run", bracketed_digit_run),
    ),
    "UK_NHS": (("nhs_isbn10", _isbn),) + _ID_CUTS,
    "URL": (("url_file_name", url_file_name),),
    "DATE_TIME": (("date_year_only", year_only),),
    "NRP": (("nrp_single_word", single_word),),
    "US_DRIVER_LICENSE": _ID_CUTS,
    "US_PASSPORT": _ID_CUTS,
    "US_SSN": _ID_CUTS,
    "US_BANK_NUMBER": _ID_CUTS,
    "US_ITIN": _ID_CUTS,
    "MEDICAL_LICENSE": _ID_CUTS,
}


#: lower-case words NER runs into a name from the left ("von Lena Hoffmann", "de la Concha")
_LEADING_PARTICLES = frozenset("de da do dos das del della di du la le von van der den el y e und and".split())
_SEGMENT_BREAK = re.compile(r"\s+[-–—|:]\s+|\s*/\s*|[,;()|\[\]\"]+\s*|\S*\d\S*")


def person_segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a PERSON span at separators and digit tokens: spaCy runs names into titles.

    "Bobby Caldwell - Blue Condition" -> "Bobby Caldwell", "Blue Condition"; "Martin GT4 David Pun" ->
    "Martin", "David Pun". Each part is then judged (and cut or kept) on its own.
    """
    out, pos = [], start
    for m in _SEGMENT_BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = max(pos, m.end())
    if pos < end:
        out.append((pos, end))
    trimmed = []
    for s, e in out:
        seg = text[s:e]
        s += len(seg) - len(seg.lstrip(" .'-"))
        e -= len(seg) - len(seg.rstrip(" .'-"))
        while s < e and text[s].islower():  # "de la Concha", "von Lena Hoffmann": drop leading particles
            nxt = text.find(" ", s, e)
            if nxt < 0 or text[s:nxt] not in _LEADING_PARTICLES:
                break
            s = nxt + 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


#: cuts a name found from the lists (auditor.pii.names) skips: it is made of listed names by construction
LISTED_SKIPS = frozenset({"person_no_given_name", "person_too_long"})


def cut_reason(entity: str, text: str, start: int, end: int, listed: bool = False) -> str | None:
    """Name of the first noise cut that applies to this detection, or None to keep it."""
    for reason, predicate in CUTS.get(entity, ()):
        if listed and reason in LISTED_SKIPS:
            continue
        if predicate(text, start, end):
            return reason
    return None


def sensitive_words() -> frozenset[str]:
    """The data list of words that mark a vulnerable or sensitive context next to a name."""
    return _words("pii_sensitive_words.txt")
