"""Session-scoped real analyzers: building one loads spaCy (about a second), so tests share them."""

from __future__ import annotations

import pytest

from auditor.checks.pii import PiiCheck
from auditor.checks.pii_options import PiiOptions
from auditor.pii.engine import CaptionAnalyzer


@pytest.fixture(scope="session")
def engine_config():
    return PiiCheck(PiiOptions(workers=1)).engine_config()


@pytest.fixture(scope="session")
def analyzer(engine_config):
    return CaptionAnalyzer(engine_config)


@pytest.fixture(scope="session")
def kept_types(analyzer):
    """caption -> set of entity types the stage keeps."""

    def run(text: str) -> set[str]:
        ((kept, _cut, error),) = analyzer.analyze([text])
        assert error == ""
        return {k[0] for k in kept}

    return run
