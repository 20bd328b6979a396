"""Cheap, exact tests that skip a recognizer for a caption it cannot flag.

presidio runs every recognizer on every text; on captions most of them cannot match (no digit, no '@')
or cannot reach their minimum score (a weak pattern without any of its context words). Each gate below
follows from the recognizer's own patterns and scores, so skipping is exact: the stage's kept spans are
identical with and without the gates (checked on laion-10k + the labeled set).
"""

from __future__ import annotations

import re
from typing import Any

#: entities whose patterns all contain a digit
NEEDS_DIGIT = frozenset({"CREDIT_CARD", "IBAN_CODE", "US_SSN", "US_PASSPORT", "US_DRIVER_LICENSE",
                         "MEDICAL_LICENSE", "US_BANK_NUMBER", "US_ITIN", "UK_NHS", "STREET_ADDRESS",
                         "CRYPTO", "DATE_TIME"})
NEEDS_AT = frozenset({"EMAIL_ADDRESS"})
#: fewest digits a match can have: phonenumbers' shortest valid numbers in presidio's regions (DE) have
#: 5, presidio's card pattern 13, its SSN/ITIN patterns 9, its DEA number 7
MIN_DIGITS = {"PHONE_NUMBER": 5, "CREDIT_CARD": 12, "US_SSN": 9, "US_ITIN": 9, "MEDICAL_LICENSE": 7}
#: a regex every match contains (IPv4 "1.2", IPv6 ':', IBAN "GB82"); STREET_ADDRESS adds its own
PRECHECK = {"IP_ADDRESS": r"\d\.\d|:", "IBAN_CODE": r"[A-Za-z]{2}[ \-]?\d{2}"}
#: the digits every pattern counts: Unicode decimal digits, as `\d` in presidio's and phonenumbers' regexes
_DIGIT = re.compile(r"\d")


def context_gate(recognizer: Any, min_score: float) -> tuple[str, ...] | None:
    """Context words without which `recognizer` can never reach `min_score`, or None.

    A pattern recognizer that does not validate matches (validation may raise a score to 1.0) scores at
    most its best pattern; below the minimum, only presidio's context boost can lift it, and that needs
    one of its context words as a substring of a lower-cased token. Skipping it when none occurs in the
    caption is exact (US_DRIVER_LICENSE 0.3 and US_PASSPORT 0.1 against 0.6 and 0.4 by default).
    """
    from presidio_analyzer import PatternRecognizer  # noqa: PLC0415

    if not isinstance(recognizer, PatternRecognizer) or not recognizer.patterns:
        return None
    if type(recognizer).validate_result is not PatternRecognizer.validate_result:
        return None
    if max(p.score for p in recognizer.patterns) >= min_score:
        return None
    return tuple(w.lower() for w in recognizer.context or ())


class RecognizerGates:
    """Which selected entities are worth looking for in one caption."""

    def __init__(self, min_scores: dict[str, float]) -> None:
        self.min_scores = min_scores
        self.context: dict[str, tuple[str, ...]] = {}
        self.precheck = {e: re.compile(p) for e, p in PRECHECK.items() if e in min_scores}

    def add(self, entity: str, recognizer: Any) -> None:
        """Learn the gates of a recognizer the analyzer uses."""
        gate = context_gate(recognizer, self.min_scores[entity])
        if gate is not None:
            self.context[entity] = gate
        own = getattr(recognizer, "PRECHECK", None)
        if own:
            self.precheck[entity] = re.compile(own, re.IGNORECASE)

    def entities_for(self, text: str) -> list[str]:
        digits = len(_DIGIT.findall(text))
        lower = text.lower() if self.context else ""
        out = []
        for e in self.min_scores:
            if (e in NEEDS_DIGIT and digits == 0) or (e in NEEDS_AT and "@" not in text):
                continue
            if digits < MIN_DIGITS.get(e, 0):
                continue
            if e in self.precheck and not self.precheck[e].search(text):
                continue
            if e in self.context and not any(w in lower for w in self.context[e]):
                continue  # its patterns score below the minimum unless a context word is present
            out.append(e)
        return out
