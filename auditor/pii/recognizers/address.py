"""Street addresses: presidio has no recognizer for them, and real-estate listings carry them.

About 0.35% of LAION captions are listings such as "19496 Rudd Dr, Saucier, MS 39574 (MLS #338065)". A
house number followed by one to four words and a street suffix is the core pattern; a following US
state + ZIP or a UK postcode raises the score. Listing words ("for sale", "MLS", "bedroom") are context.
Patterns are data here so a reviewer can read exactly what counts as an address.

Formats of other caption countries (each pattern has bounded repetitions only: linear on any input):
Poland "ul. Polna 14, 00-625 Warszawa"; Turkey "Bağdat Cad. No: 215, 34728 Kadıköy/İstanbul", "Atatürk Mah.
Gül Sok. No:12"; Vietnam "45 Đường Lê Lợi, Quận 1", "số 12 Phố Hàng Bạc"; China "漕溪北路88号" (road + number
+ 号); Korea's road-name addresses "강남구 테헤란로 152", "해운대로 570번길 12" (after a city/district word);
India "मकान नंबर 45, गांधी नगर, जयपुर 302015", "Flat 12, Shivaji Marg, New Delhi 110015" (house word or
6-digit PIN). Postcode shapes and street words from the postal formats the Universal Postal Union
publishes per country (upu.int, "Postal addressing systems").
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

#: unambiguous street words; "walk", "run", "hill", "point" etc. are left out: "10 Ways to Walk"
_LONG = "street|avenue|road|drive|lane|boulevard|court|terrace|circle|highway|parkway|crescent|trail"
#: abbreviations also read as titles or words ("St. Patrick", "Dr. Seuss"): weaker alone
_SHORT = "st|ave|rd|dr|ln|blvd|ct|way|place|pl|cir|hwy|pkwy|sq|square|trl|pike"
_SUFFIXES = f"{_LONG}|{_SHORT}"
#: street words of German, French, Spanish, Italian and Portuguese addresses (they come first, or last
#: in German compounds: "Hauptstraße 12")
_DE_STREET = r"[A-ZÄÖÜ][\wäöüß.-]{1,40}?(?:straße|strasse|str\.|weg|allee|platz|gasse|damm)"
_ROMANCE = (r"rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|calle|c/|avenida|avda\.?|plaza|paseo|"
            r"camino|via|viale|piazza|corso|vicolo|rua|praça|travessa|alameda")
#: every pattern needs one of these words: a cheap test that skips the recognizer
PRECHECK = (rf"\b(?:{_SUFFIXES})\b|(?:straße|strasse|str\.|weg|allee|platz|gasse|damm)\s*\d|\b(?:{_ROMANCE})\s|〒"
            r"|\b(?:ul|al|os)\.|ulica|aleja|\b(?:cad|sok|mah|cd|sk|blv|mh)\.|caddesi|sokak|sokağı|bulvarı|mahallesi"
            r"|đường|phố|ngõ|hẻm|ngách|[路街道巷弄]\d|로|길|नगर|मार्ग|रोड|कॉलोनी|गली|चौक|nagar|marg|colony|gali")
_NUMBER = r"\b\d{1,6}[a-z]?"
_WORDS = r"(?:\s+(?:[NSEW]\.?\s+)?[A-Za-z][\w'.-]*){1,4}?"
_STREET = rf"{_NUMBER}{_WORDS}\s+(?:{_SUFFIXES})\b\.?"
_STREET_LONG = rf"{_NUMBER}{_WORDS}\s+(?:{_LONG})\b"
_PLACE = r"(?:\s*,?\s+[A-Za-z][\w .'-]{1,30}?)?\s*,?\s+"
_US_TAIL = _PLACE + r"[A-Z]{2},?\s+\d{5}(?:-\d{4})?\b"
_UK_POSTCODE = r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"

#: Polish, Turkish, Vietnamese, Chinese, Korean and Indian address parts
_PL_STREET = r"(?:ul\.|al\.|ulica|aleja|os\.)"
_PL_TAIL = r"(?:,?\s*\d{2}-\d{3}\s+[A-ZĄĆĘŁŃÓŚŹŻ][\wąćęłńóśźż-]+)"
_TR_WORD = r"(?-i:[A-ZÇĞİÖŞÜ])[\wçğıöşü]*\.?"
_TR_STREET = r"(?:cad\.|caddesi|cd\.|sok\.|sokak|sokağı|sk\.|bulvarı|blv\.|mah\.|mahallesi|mh\.)"
_TR_PART = rf"{_TR_WORD}(?:\s+{_TR_WORD}){{0,2}}\s+{_TR_STREET}"
_TR_TAIL = r"(?:,?\s*\d{5}\s+[A-ZÇĞİÖŞÜ][\wçğıöşü]+(?:/[A-ZÇĞİÖŞÜ][\wçğıöşü]+)?)"
_VI_STREET = r"(?:đường|phố|ngõ|hẻm|ngách)"
#: presidio compiles patterns case-insensitively; (?-i:...) keeps a street name's capital letters capital
_VI_NAME = r"(?-i:[A-ZÀ-ỸĐ])[\wÀ-ỹ]*(?:\s+(?-i:[A-ZÀ-ỸĐ])[\wÀ-ỹ]*){0,3}"
_VI_TAIL = r"(?:,\s*(?:phường|quận|huyện|p\.|q\.)\s*[\wÀ-ỹ]+)"
_HAN = r"[\u4e00-\u9fff]"
_ZH = rf"(?:{_HAN}{{1,6}}?(?:省|市|区|區|县|縣|镇|鎮)){{0,3}}{_HAN}{{1,8}}?(?:路|街|大道|巷|弄|道)\d{{1,5}}(?:号|號)"
_KO = (r"(?:[가-힣]{1,10}(?:특별시|광역시|특별자치시|시|도|군|구)\s+){1,3}[가-힣\d]{1,12}(?:로|길)"
       r"(?:\s*\d{1,4}번?길)?\s+\d{1,4}(?:-\d{1,4})?(?!\d)")
_DEV = r"[\w\u0900-\u097f]"
_IN_STREET = r"(?:नगर|मार्ग|रोड|कॉलोनी|गली|चौक|nagar|marg|road|colony|gali)"
_IN_HOUSE = r"(?:मकान|फ्लैट|प्लॉट|हाउस|flat|house|plot|h\.\s?no\.?)\s*(?:नंबर|नं\.?|no\.?)?\s*"
_IN_NAME = rf"{_DEV}{{1,20}}(?:\s{_DEV}{{1,20}}){{0,2}}"
_IN_PIN = rf"(?:,\s*{_IN_NAME}\s*\d{{6}}(?!\d))"

#: a house number as these countries write it: "14", "7/3", "12a"
_NO = r"\d{1,5}[a-z]?(?:/\d{1,4})?"
_TR_NO = rf"(?:\s+{_TR_PART})?,?\s*no\s*[:.]?\s*{_NO}"

_EU_TAIL = r"(?:\s*,?\s*\d{4,5}(?:-\d{3})?\s+[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+)?)"
_NAME = r"[\w'’.-]+(?:\s+[\w'’.-]+){0,4}?"

#: (name, regex, score): longer matches with a postal tail score higher
PATTERNS: tuple[tuple[str, str, float], ...] = (
    ("DE street + number + postcode", rf"\b{_DE_STREET}\s+\d{{1,4}}[a-z]?{_EU_TAIL}", 0.75),
    ("DE street + number", rf"\b{_DE_STREET}\s+\d{{1,4}}[a-z]?\b", 0.5),
    ("FR number + street + postcode", rf"\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?:{_ROMANCE})\s+{_NAME}{_EU_TAIL}", 0.75),
    ("street + name + number + postcode", rf"\b(?:{_ROMANCE})\s+{_NAME},?\s+\d{{1,5}}{_EU_TAIL}", 0.75),
    ("street + name + number", rf"\b(?:{_ROMANCE})\s+[A-ZÀ-Ý]{_NAME},?\s+(?:n[º°o.]\s*)?\d{{1,5}}\b", 0.5),
    ("PL street + number + postcode", rf"\b{_PL_STREET}\s*{_NAME}\s+{_NO}{_PL_TAIL}", 0.75),
    ("PL street + number", rf"\b{_PL_STREET}\s*[A-ZĄĆĘŁŃÓŚŹŻ]{_NAME}\s+{_NO}\b", 0.55),
    ("TR street + No + postcode", rf"\b{_TR_PART}{_TR_NO}{_TR_TAIL}", 0.75),
    ("TR street + No", rf"\b{_TR_PART}{_TR_NO}", 0.6),
    ("VI number + street + district", rf"\b(?:số\s+)?{_NO}\s+{_VI_STREET}\s+{_VI_NAME}{_VI_TAIL}", 0.75),
    ("VI number + street", rf"\b(?:số\s+)?{_NO}\s+{_VI_STREET}\s+{_VI_NAME}", 0.6),
    ("ZH road + number", _ZH, 0.7),
    ("KO road-name address", _KO, 0.7),
    ("IN house + street + PIN", rf"{_IN_HOUSE}{_NO},?\s+{_IN_NAME}\s{_IN_STREET}{_IN_PIN}", 0.75),
    ("IN house + street", rf"{_IN_HOUSE}{_NO},?\s+{_IN_NAME}\s{_IN_STREET}", 0.6),
    ("IN number + street + PIN", rf"\b\d{{1,5}},?\s+{_IN_NAME}\s{_IN_STREET}{_IN_PIN}", 0.75),
    ("JP postcode + address", r"〒\s?\d{3}-\d{4}\s*[^\s,、。]{2,30}?\d{1,4}(?:-\d{1,4}){1,2}", 0.75),
    ("street + US state and ZIP", _STREET + _US_TAIL, 0.75),
    ("street + UK postcode", _STREET + _PLACE + _UK_POSTCODE, 0.75),
    ("number + street word", _STREET_LONG, 0.5),
    ("number + street abbreviation", _STREET, 0.4),
)

#: words near an address that make a listing or a mailing address more likely
CONTEXT: tuple[str, ...] = (
    "address", "located", "location", "sale", "sold", "rent", "mls", "listing", "home", "house",
    "apartment", "apt", "suite", "bedroom", "bed", "bath", "property", "lot", "condo", "residence",
    "wohnung", "vermieten", "verkaufen", "adresse", "vendre", "appartement", "venta", "piso", "dirección",
    "vendita", "indirizzo", "venda", "endereço", "apartamento",
    "sprzedaż", "wynajęcia", "mieszkanie", "satılık", "kiralık", "daire", "bán", "thuê", "nhà", "flat",
)


class StreetAddressRecognizer(PatternRecognizer):
    """STREET_ADDRESS: a house number, street name and suffix, optionally a US or UK postal tail."""

    ENTITY = "STREET_ADDRESS"
    PRECHECK = PRECHECK

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            name="StreetAddressRecognizer",
            supported_language=supported_language,
            patterns=[Pattern(name, regex, score) for name, regex, score in PATTERNS],
            context=list(CONTEXT),
        )
