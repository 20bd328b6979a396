"""Layers point one way (issue #22): import-linter's contract in pyproject.toml ([tool.importlinter]) holds, and it
is not vacuous - the same contract rejects a copy of the package with one upward import added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"]


def lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([*LINT, "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_package_keeps_its_layers():
    proc = lint(REPO)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "1 kept, 0 broken" in proc.stdout


@pytest.mark.parametrize("module,imports", [
    ("records", "auditor.scan"),
    # issue #22 item 3: the policy layer is told the signal catalogue, it does not import the checks
    ("policy/session", "auditor.checks.registry"),
    # the run state records what engines report; it imports no engine, planner or scan hook
    ("runstate/parts", "auditor.scan_hooks"),
    ("runstate/parts", "auditor.engines.local"),
    ("runstate/manifest", "auditor.plan"),
])
def test_an_upward_import_breaks_the_contract(tmp_path, module, imports):
    shutil.copytree(REPO / "auditor", tmp_path / "auditor", ignore=shutil.ignore_patterns("__pycache__", "*.onnx"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    source = tmp_path / "auditor" / f"{module}.py"
    source.write_text(source.read_text() + f"\nimport {imports}  # noqa: E402,F401\n")
    proc = lint(tmp_path)
    assert proc.returncode != 0
    importer = "auditor." + module.replace("/", ".")
    assert "is not allowed to import" in proc.stdout and f"- {importer} -> {imports} " in proc.stdout, \
        proc.stdout[-2000:]
