"""--workers reaches the checks that have a `workers` option, unless their own options set it."""

from __future__ import annotations

from typing import ClassVar

import pyarrow as pa
import pytest

from auditor.checks.base import Check, CheckOptions
from auditor.checks.license import LicenseCheck
from auditor.cores import default_workers
from auditor.plan import with_workers


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
