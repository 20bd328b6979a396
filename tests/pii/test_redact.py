"""redact(): evidence for reports without the raw values."""

from __future__ import annotations

import pytest

from auditor.pii.redact import redact

CAPTION = "Portrait of Maria Gonzalez at her graduation"


@pytest.mark.parametrize(
    ("caption", "spans", "expected"),
    [
        (CAPTION, [{"type": "PERSON", "start": 12, "end": 26, "score": 0.85}],
         "Portrait of <PERSON> at her graduation"),
        (CAPTION, [("PERSON", 12, 26)], "Portrait of <PERSON> at her graduation"),
        ("call 415-555-0132 or a@b.co", [("PHONE_NUMBER", 5, 17), ("EMAIL_ADDRESS", 21, 27)],
         "call <PHONE_NUMBER> or <EMAIL_ADDRESS>"),
        ("abcdef", [("X", 0, 4), ("Y", 2, 6)], "<X>"),                    # overlaps merge
        ("abcdef", [("Y", 2, 6), ("X", 0, 4)], "<X>"),                    # order does not matter
        ("abc", [("X", 1, 99)], "a<X>"),                                  # clipped, never leaks
        ("abc", [("X", 2, 2)], "abc"),                                    # empty span ignored
        (CAPTION, [], CAPTION),
        (CAPTION, None, CAPTION),
        ("", [("X", 0, 3)], ""),
    ],
)
def test_redact(caption, spans, expected):
    assert redact(caption, spans) == expected
