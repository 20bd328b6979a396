"""Structured Field Dictionaries (RFC 9651 §3.2 and §4.2.2): the RFC's own examples and its error cases."""

import pytest

from auditor.consent.sfv import SFError, parse_dictionary


@pytest.mark.parametrize("text,expected", [
    ('en="Applepie", da=:w4ZibGV0w6ZydGU=:', {"en": ("string", "Applepie"), "da": ("bytes", "Æbletærte".encode())}),
    ("a=?0, b, c; foo=bar", {"a": ("boolean", False), "b": ("boolean", True), "c": ("boolean", True)}),
    ("rating=1.5, feelings=(joy sadness)", {"rating": ("decimal", 1.5),
                                            "feelings": ("inner_list", [("token", "joy"), ("token", "sadness")])}),
    ("a=(1 2), b=3, c=4;aa=bb, d=(5 6);valid", {"a": ("inner_list", [("integer", 1), ("integer", 2)]),
                                               "b": ("integer", 3), "c": ("integer", 4),
                                               "d": ("inner_list", [("integer", 5), ("integer", 6)])}),
    ("a=1, b=2, a=3", {"b": ("integer", 2), "a": ("integer", 3)}),       # the last duplicate wins
    ("", {}),
    ("*key=-12, k.2=tok/en:x", {"*key": ("integer", -12), "k.2": ("token", "tok/en:x")}),
])
def test_rfc_examples(text, expected):
    assert parse_dictionary(text) == expected


@pytest.mark.parametrize("text", ["A=1", "a=1,", "a=1 b=2", "a=", "a=\"x", "a=:!!:", "a=1.2345", "a=1.", "a=(1",
                                  "a=?2", "a=1234567890123456", "a=\"\\x\"", "a=é", ",a=1", "a=1,,b=2"])
def test_errors(text):
    with pytest.raises(SFError):
        parse_dictionary(text)
