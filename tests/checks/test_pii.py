"""PiiCheck over real presidio + the real spaCy model: statuses, signals, limits, pool, full LAION run."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from pydantic import ValidationError

from auditor.checks.pii import PiiCheck
from auditor.checks.pii_options import PiiOptions
from auditor.checks.registry import check_class
from auditor.errors import CheckUnavailable
from auditor.pii.redact import redact

REPO = Path(__file__).resolve().parents[2]


def laion_10k() -> Path:
    candidates = [Path(os.environ["AUDITOR_SHARED_DIR"])] if os.environ.get("AUDITOR_SHARED_DIR") else []
    candidates += [REPO.parent / "shared", REPO.parent.parent / "shared"]
    for base in candidates:
        if (base / "data" / "laion-10k.parquet").is_file():
            return base / "data" / "laion-10k.parquet"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("../shared/data/laion-10k.parquet is missing")
    pytest.skip("../shared/data/laion-10k.parquet not found (set AUDITOR_SHARED_DIR)")


@pytest.fixture(scope="module")
def check():
    c = PiiCheck(PiiOptions(workers=1))
    c.open()
    yield c
    c.close()


def run(check: PiiCheck, captions: list[str | None]) -> list[dict]:
    batch = pa.RecordBatch.from_arrays([pa.array(captions, pa.string())], names=["caption"])
    out = check.run(batch)
    assert out.schema == PiiCheck.schema()
    assert out.num_rows == len(captions)
    return out.to_pylist()


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Portrait of Maria Gonzalez at her graduation", {"PERSON"}),
        ("Bride Emily Carter and groom James O'Neill share their first dance", {"PERSON"}),
        ("kim kardashian and kanye west at the met gala", {"PERSON"}),
        ("Contact us: info@greenleafdesigns.com for custom orders", {"EMAIL_ADDRESS"}),
        ("For bookings call (415) 555-0132 or email studio@photo-sf.com", {"PHONE_NUMBER", "EMAIL_ADDRESS"}),
        ("Computer Repair Bellevue Ne 402-505-6600", {"PHONE_NUMBER"}),
        ("19496 Rudd Dr, Saucier, MS 39574 (MLS #338065)", {"STREET_ADDRESS"}),
        ("Card 4111 1111 1111 1111 exp 12/25", {"CREDIT_CARD"}),
        ("my ssn is 536-90-4399", {"US_SSN"}),
        ("IBAN GB82 WEST 1234 5698 7654 32", {"IBAN_CODE"}),
        ("Server log from 192.168.10.24", {"IP_ADDRESS"}),
        # caption noise that presidio's defaults flag
        ("Keep Calm and Love Goats (any background color) Necklaces", set()),
        ("The Character of Physical Law (Penguin Press Science) (0140175059)", set()),
        ("Hiru TV News 06-08-2018", set()),
        ("Nike Blazer City Low Lx Womens Trainers Av2253 Sneakers Shoes", set()),
        ("MV046-CuteSpiderman-BW-Shirt.jpg", set()),
        ("Sunshine (DVD, 2008)", set()),
        ("Canadian Flag Magnet", set()),
        ("Dark granite or marble texture abstract background.", set()),
    ],
)
def test_entity_types(check, caption, expected):
    (row,) = run(check, [caption])
    assert row["pii_status"] == "ok"
    assert set(row["pii_types"]) == expected
    assert row["pii_count"] == len(row["pii_spans"]) >= len(expected)
    if expected:
        assert row["pii_max_score"] == pytest.approx(max(s["score"] for s in row["pii_spans"]))
    for span in row["pii_spans"]:
        assert 0 <= span["start"] < span["end"] <= len(caption)


@pytest.mark.parametrize(
    ("caption", "status"),
    [(None, "skipped:no_caption"), ("", "skipped:empty_caption"), ("   \n\t", "skipped:empty_caption")],
)
def test_missing_captions_are_statuses_not_answers(check, caption, status):
    (row,) = run(check, [caption])
    assert row["pii_status"] == status
    assert row["pii_types"] is None and row["pii_count"] is None and row["pii_sensitive_context"] is None


@pytest.mark.parametrize(
    ("caption", "sensitive"),
    [
        ("Mugshot of John Michael Doe, arrested on Friday in Tulsa", True),
        ("Little Sophie Nguyen, age 4, with other kids at preschool", True),
        ("Obituary and funeral of Margaret Ann Thompson", True),
        ("Portrait of Maria Gonzalez at her graduation", False),
        ("Baby at the Zoo Cross Stitch Pattern", False),  # sensitive word, but no person
    ],
)
def test_sensitive_context_needs_a_person_and_a_word(check, caption, sensitive):
    (row,) = run(check, [caption])
    assert row["pii_sensitive_context"] is sensitive


def test_caption_over_spacy_limit_is_truncated_not_a_crash(check):
    huge = "Portrait of Maria Gonzalez. " + "lorem ipsum " * 83_334  # > 1,000,000 chars (spaCy E088)
    assert len(huge) > 1_000_000
    (row,) = run(check, [huge])
    assert row["pii_status"] == "ok"
    assert row["pii_truncated"] is True
    assert "PERSON" in row["pii_types"]
    assert all(s["end"] <= check.options.max_chars for s in row["pii_spans"])


@pytest.mark.parametrize(
    "caption",
    [
        "\u200b\u200d\ufeff",                                   # zero-width only
        "Maria\u200bGonzalez \u202eevil\u202c text",            # zero-width joiner + bidi override
        "e\u0301\u0301\u0301 combining marks \x00 NUL and \x1b escape",
        "🎉👩‍👩‍👧 emoji family 📍 +30 697 435 0179",
        "\ud7ff\ue000\U0010ffff private use",
        "Калъфче за Samsung 101+8 purple bear",
        "山水双挖 (landscape) (2 works) by zhang fuyang",
        "Retrato de Juan Pérez en su boda en Sevilla",
        "صورة شخصية لمحمد علي",
    ],
)
def test_odd_unicode_and_non_english_are_scanned(check, caption):
    (row,) = run(check, [caption])
    # scanned; a language without a NER pipeline says so (issue 15)
    assert row["pii_status"] == "ok" or row["pii_status"].startswith("ok:names_from_lists_only:")
    assert isinstance(row["pii_types"], list)
    for span in row["pii_spans"]:
        assert 0 <= span["start"] < span["end"] <= len(caption)


def test_distinct_captions_are_analyzed_once_and_cached(check):
    before = check.describe()["analyzed"]
    caption = "Wedding of Priya Sharma and Rahul Mehta, Jaipur, 2019 (cache test)"
    arr = pa.array([caption, None, caption, caption]).dictionary_encode()
    out = check.run(pa.RecordBatch.from_arrays([arr], names=["caption"])).to_pylist()
    assert [r["pii_status"] for r in out] == ["ok", "skipped:no_caption", "ok", "ok"]
    assert out[0] == out[2] == out[3]
    assert check.describe()["analyzed"] == before + 1
    check.run(pa.RecordBatch.from_arrays([pa.array([caption])], names=["caption"]))
    assert check.describe()["analyzed"] == before + 1  # second batch: answered from the cache


def test_batch_without_caption_column_is_all_skipped(check):
    batch = pa.RecordBatch.from_arrays([pa.array(["a", "b"])], names=["url"])
    out = check.run(batch)
    assert out.column("pii_status").to_pylist() == ["skipped:no_caption"] * 2


def test_redacted_evidence_hides_the_values(check):
    caption = "Email jane.doe@gmail.com or call 415-555-0132 about Maria Gonzalez"
    (row,) = run(check, [caption])
    red = redact(caption, row["pii_spans"])
    assert "jane.doe" not in red and "555-0132" not in red and "Gonzalez" not in red
    assert "<EMAIL_ADDRESS>" in red and "<PHONE_NUMBER>" in red and "<PERSON>" in red


def test_worker_pool_gives_the_same_answers_as_in_process(check):
    captions = ["Portrait of Maria Gonzalez", "call 402-505-6600", None, "Keep Calm and Carry On Poster",
                "44 Lawrence Rd. Fletcher NC, 28732", "Hand In Hand Canvas Print by Greg Olsen"] * 3
    pooled = PiiCheck(PiiOptions(workers=2, batch_size=4))
    pooled.open()
    try:
        assert run(pooled, captions) == run(check, captions)
    finally:
        pooled.close()


def test_missing_model_is_one_clear_error():
    for workers in (1, 2):
        c = PiiCheck(PiiOptions(spacy_model="en_core_web_nonexistent_xx", workers=workers))
        with pytest.raises(CheckUnavailable, match="en_core_web_nonexistent_xx.*not installed"):
            c.open()
        c.close()


@pytest.mark.parametrize(
    "options",
    [{"entities": {"PERSON": 0.5, "SHOE_SIZE": 0.5}}, {"entities": {"PERSON": 1.5}}, {"workers": 0},
     {"max_chars": 1_000_000}, {"colour": "red"}],
)
def test_bad_options_are_rejected(options):
    with pytest.raises(ValidationError):
        PiiOptions(**options)


def test_registered_by_name():
    assert check_class("pii") is PiiCheck


def test_scan_is_quiet_and_offline(check, caplog):
    import tldextract.tldextract as tx

    with caplog.at_level(logging.WARNING):
        run(check, ["Alfonso Ribeiro, Backpack Kid sue Fortnite", "mail me: a.b@example.org"])
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert tx.TLD_EXTRACTOR.suffix_list_urls == ()


def test_full_laion_sample_accounts_for_every_row(check):
    captions = pq.read_table(laion_10k(), columns=["TEXT"]).column("TEXT")
    rows = 0
    statuses: dict[str, int] = {}
    flagged = 0
    for chunk in captions.chunks:
        for start in range(0, len(chunk), 2500):
            part = chunk.slice(start, 2500)
            out = check.run(pa.RecordBatch.from_arrays([part], names=["caption"]))
            assert out.num_rows == len(part)
            rows += out.num_rows
            for item in pc.value_counts(out.column("pii_status")).to_pylist():
                statuses[item["values"]] = statuses.get(item["values"], 0) + item["counts"]
            flagged += pc.sum(pc.greater(pc.fill_null(out.column("pii_count"), 0), 0)).as_py() or 0
    assert rows == captions.length() == 10_000
    # every row scanned; languages without a NER pipeline say so (issue 15)
    assert sum(statuses.values()) == rows
    assert all(s == "ok" or s.startswith("ok:names_from_lists_only:") for s in statuses)
    assert statuses["ok"] > 9_000
    # PERSON fires on ~30% with presidio's defaults; after the noise cuts far fewer rows are flagged
    assert 200 < flagged < 3000


@pytest.mark.parametrize(
    ("caption", "status"),
    [
        ("Wedding photo of Lena Hoffmann and Tom", "ok"),
        ("Photo de mariage de Camille Dubois à Lyon", "ok"),
        ("Hochzeitsfoto von Lena Hoffmann in Berlin", "ok:names_from_lists_only:de"),
        ("山田太郎さんの写真", "ok:names_from_lists_only:ja"),
    ],
)
def test_status_says_when_no_ner_pipeline_reads_the_language(check, caption, status):
    (row,) = run(check, [caption])
    assert row["pii_status"] == status
    assert "PERSON" in row["pii_types"]  # found either way: by NER or from the name lists


def test_evidence_of_a_language_without_pipeline_is_tight(check):
    caption = "Hochzeitsfoto von Lena Hoffmann in Berlin"
    (row,) = run(check, [caption])
    assert [caption[s["start"]:s["end"]] for s in row["pii_spans"]] == ["Lena Hoffmann"]
