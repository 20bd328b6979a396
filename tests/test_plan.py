"""The planner: --workers reaches the checks that have a `workers` option, unless their own options set it; which
checks run comes from the registry's metadata, and network checks run only when asked for."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import pytest

from auditor.checks.base import Check, CheckOptions
from auditor.checks.license import LicenseCheck
from auditor.checks.registry import ALWAYS, GPU, NETWORK, REGISTRY, SELECTABLE, check_class, checks_help
from auditor.config import ScanConfig
from auditor.cores import default_workers
from auditor.errors import ConfigError
from auditor.plan import choose_checks, with_workers


class PooledOptions(CheckOptions):
    workers: int = 1
    threshold: float = 0.5


class PooledCheck(Check):
    name = "pooled"
    Options: ClassVar = PooledOptions

    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        return batch


@pytest.mark.parametrize("options,workers,expected", [
    (None, 8, 8),                                     # default options get --workers
    (PooledOptions(threshold=0.9), 8, 8),             # other fields kept, workers filled in
    (PooledOptions(workers=3), 8, 3),                 # an explicit per-check value wins
    (None, None, 1),                                  # no --workers: the option's own default
])
def test_with_workers(options, workers, expected):
    got = with_workers(PooledCheck, options, workers)
    assert (got or PooledOptions()).workers == expected
    if options is not None:
        assert got.threshold == options.threshold


def test_checks_without_a_workers_option_are_untouched():
    assert with_workers(LicenseCheck, None, 8) is None


def test_default_workers_is_at_least_one():
    assert default_workers() >= 1


# -- which checks run: read from the registry's metadata (issue #22 item 4) ---------------------------------------
def _config(**kw) -> ScanConfig:
    return ScanConfig(inputs=["x.parquet"], out_dir=Path("out"), **kw)


@pytest.mark.parametrize("kw,has_caption,expected", [
    ({}, False, ["dataset", "hosts", "license"]),  # the always-run checks not chosen come first
    ({}, True, ["dataset", "hosts", "license", "pii"]),
    ({"images_given": True}, True, ["dataset", "hosts", "license", "pii", "faces"]),
    ({"checks": ["pii"]}, True, ["dataset", "license", "hosts", "pii"]),
    ({"network_checks": ["consent"]}, False, ["dataset", "hosts", "license", "consent"]),
    ({"checks": ["license", "commons"], "network_checks": ["commons"]}, False,
     ["dataset", "hosts", "license", "commons"]),
])
def test_choose_checks(kw, has_caption, expected):
    assert choose_checks(_config(**kw), has_caption) == expected


@pytest.mark.parametrize("kw,message", [
    ({"checks": ["consent"]}, "contact the network and run only when asked for"),
    ({"network_checks": ["pii"]}, "'pii' is not a network check"),
])
def test_network_checks_run_only_when_asked_for(kw, message):
    with pytest.raises(ConfigError, match=message):
        choose_checks(_config(**kw), True)


def test_the_registry_is_the_one_table():
    assert SELECTABLE == ("license", "pii", "faces", "consent", "commons")
    assert ALWAYS == ("dataset", "license", "hosts") and NETWORK == ("consent", "commons") and GPU == {"faces"}
    help_text = checks_help()
    assert "license,pii,faces,consent,commons" in help_text and "+pii with captions" in help_text
    assert "+faces with images" in help_text and "consent, commons contact the network" in help_text
    assert REGISTRY["faces"].uses_network == "fetch_images"  # opt-in through its own option
    assert "fetch_images" in check_class("faces").Options.model_fields
