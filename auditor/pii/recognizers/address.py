"""Street addresses: presidio has no recognizer for them, and real-estate listings carry them.

About 0.35% of LAION captions are listings such as "19496 Rudd Dr, Saucier, MS 39574 (MLS #338065)". A
house number followed by one to four words and a street suffix is the core pattern; a following US
state + ZIP or a UK postcode raises the score. Listing words ("for sale", "MLS", "bedroom") are context.
Patterns are data here so a reviewer can read exactly what counts as an address.
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
PRECHECK = rf"\b(?:{_SUFFIXES})\b|(?:straße|strasse|str\.|weg|allee|platz|gasse|damm)\s*\d|\b(?:{_ROMANCE})\s|〒"
_NUMBER = r"\b\d{1,6}[a-z]?"
_WORDS = r"(?:\s+(?:[NSEW]\.?\s+)?[A-Za-z][\w'.-]*){1,4}?"
_STREET = rf"{_NUMBER}{_WORDS}\s+(?:{_SUFFIXES})\b\.?"
_STREET_LONG = rf"{_NUMBER}{_WORDS}\s+(?:{_LONG})\b"
_PLACE = r"(?:\s*,?\s+[A-Za-z][\w .'-]{1,30}?)?\s*,?\s+"
_US_TAIL = _PLACE + r"[A-Z]{2},?\s+\d{5}(?:-\d{4})?\b"
_UK_POSTCODE = r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"

_EU_TAIL = r"(?:\s*,?\s*\d{4,5}(?:-\d{3})?\s+[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+)?)"
_NAME = r"[\w'’.-]+(?:\s+[\w'’.-]+){0,4}?"

#: (name, regex, score): longer matches with a postal tail score higher
PATTERNS: tuple[tuple[str, str, float], ...] = (
    ("DE street + number + postcode", rf"\b{_DE_STREET}\s+\d{{1,4}}[a-z]?{_EU_TAIL}", 0.75),
    ("DE street + number", rf"\b{_DE_STREET}\s+\d{{1,4}}[a-z]?\b", 0.5),
    ("FR number + street + postcode", rf"\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?:{_ROMANCE})\s+{_NAME}{_EU_TAIL}", 0.75),
    ("street + name + number + postcode", rf"\b(?:{_ROMANCE})\s+{_NAME},?\s+\d{{1,5}}{_EU_TAIL}", 0.75),
    ("street + name + number", rf"\b(?:{_ROMANCE})\s+[A-ZÀ-Ý]{_NAME},?\s+(?:n[º°o.]\s*)?\d{{1,5}}\b", 0.5),
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
