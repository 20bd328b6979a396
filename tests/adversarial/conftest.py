"""Shared fixtures: the loopback-only connect guard (tests/_netguard.py), generated run inputs."""

from pathlib import Path

import pytest
from runs_support import many_groups_file

from tests._netguard import loopback_only  # noqa: F401 - fixture


@pytest.fixture(scope="session")
def many_groups(tmp_path_factory) -> Path:
    return many_groups_file(tmp_path_factory.mktemp("data") / "groups.parquet")
