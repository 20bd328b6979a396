"""AnalyzerPool: worker processes each holding an analyzer; same answers as in-process."""

from __future__ import annotations

import pytest

from auditor.errors import CheckUnavailable
from auditor.pii.engine import EngineConfig
from auditor.pii.pool import AnalyzerPool

TEXTS = ["Portrait of Maria Gonzalez", "call 402-505-6600", "Keep Calm and Carry On",
         "Hand In Hand Canvas Print by Greg Olsen", "19496 Rudd Dr, Saucier, MS 39574"] * 7


def test_pool_matches_in_process(engine_config, analyzer):
    pool = AnalyzerPool(EngineConfig(**{**engine_config.__dict__, "batch_size": 4}), workers=2)
    pool.start()
    try:
        assert pool.analyze(TEXTS) == analyzer.analyze(TEXTS)
        assert pool.analyze([]) == []
    finally:
        pool.stop()
    with pytest.raises(RuntimeError):
        pool.analyze(TEXTS)


def test_pool_of_one_is_in_process(engine_config):
    pool = AnalyzerPool(engine_config, workers=1)
    pool.start()
    assert pool._executor is None and pool._local is not None
    assert len(pool.analyze(TEXTS[:3])) == 3
    pool.stop()


def test_missing_model_fails_in_the_parent_before_workers_start(engine_config):
    bad = EngineConfig(**{**engine_config.__dict__, "spacy_model": "en_core_web_nonexistent_xx"})
    pool = AnalyzerPool(bad, workers=2)
    with pytest.raises(CheckUnavailable, match="not installed"):
        pool.start()
    assert pool._executor is None
