"""Every test module has a unique file name: pytest's default import mode puts each test folder on sys.path and
imports the module by its base name, so a second `test_titles.py` in another folder fails collection (it did once,
tests/pii vs tests/commons, seen only when both were collected in one run)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_test_module_names_are_unique():
    names = Counter(p.name for p in TESTS.rglob("test_*.py") if "fixtures" not in p.parts)
    assert [n for n, c in names.items() if c > 1] == []
