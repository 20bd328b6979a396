"""requirements.lock is what we test (issue #12): it must agree with pyproject.toml and with this environment.

pyproject.toml keeps version ranges for library users; the lock pins every package CI installs (.ci/install, made
by .ci/lock). These tests fail when a dependency is added to one file and not the other, when a pin falls outside
pyproject's range, or when the environment the tests run in was not installed from the lock.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
LOCKED_EXTRAS = ("test", "ray", "hf", "bench")  # what requirements.lock covers (.ci/lock); gpu has its own lock file
VIA_PYPROJECT = "auditor (pyproject.toml)"


def parse_lock(path: Path) -> tuple[dict[str, str], set[str]]:
    """Pins {name: version} and the names uv annotated as coming straight from pyproject.toml."""
    pins: dict[str, str] = {}
    direct: set[str] = set()
    current = None
    for line in path.read_text().splitlines():
        pin = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", line)
        if pin:
            current = canonicalize_name(pin.group(1).split("[")[0])
            pins[current] = pin.group(2)
        elif current and VIA_PYPROJECT in line:
            direct.add(current)
    return pins, direct


def pyproject_requirements(extras: tuple[str, ...]) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in project["optional-dependencies"][extra]]
    return [r for r in reqs if r.marker is None or r.marker.evaluate()]


def disagreements(lock: Path, extras: tuple[str, ...], left_out: set[str]) -> list[str]:
    """Every way pyproject.toml and a lock file disagree, one line each (empty when they agree)."""
    pins, direct = parse_lock(lock)
    wanted = {canonicalize_name(r.name): r for r in pyproject_requirements(extras)}
    problems = [f"{n}: in pyproject.toml, not in {lock.name}" for n in sorted(set(wanted) - set(pins) - left_out)]
    problems += [f"{n}: {lock.name} pins {pins[n]}, outside pyproject's {r.specifier}"
                 for n, r in sorted(wanted.items())
                 if n in pins and not r.specifier.contains(pins[n], prereleases=True)]
    problems += [f"{n}: a direct dependency in {lock.name}, gone from pyproject.toml"
                 for n in sorted(direct - set(wanted))]
    return problems


@pytest.mark.parametrize(("lock", "extras", "left_out"), [
    ("requirements.lock", LOCKED_EXTRAS, set()),
    # the CUDA lock keeps the CPU onnxruntime out on purpose (.ci/lock-overrides-gpu.txt)
    ("requirements-gpu.lock", ("gpu",), {"onnxruntime"}),
])
def test_pyproject_and_lock_agree(lock, extras, left_out):
    problems = disagreements(REPO / lock, extras, left_out)
    assert not problems, "run bash .ci/lock:\n" + "\n".join(problems)


def test_a_dependency_missing_from_the_lock_is_reported(tmp_path):
    """The check above can fail: the real lock with pyarrow's entry cut out disagrees, naming pyarrow."""
    text = (REPO / "requirements.lock").read_text()
    pruned = re.sub(r"(?m)^pyarrow==.*\n(    #.*\n)*", "", text)
    assert pruned != text
    (tmp_path / "requirements.lock").write_text(pruned)
    assert disagreements(tmp_path / "requirements.lock", LOCKED_EXTRAS, set()) == [
        "pyarrow: in pyproject.toml, not in requirements.lock"]


def test_this_environment_was_installed_from_the_lock():
    pins, _ = parse_lock(REPO / "requirements.lock")
    differ = {}
    for name, version in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            differ[name] = (version, installed)
    assert not differ, f"locked vs installed (install with: bash .ci/install VENV): {differ}"


def test_one_opencv_and_it_is_the_headless_build():
    """insightface asks for opencv-python; the lock overrides it out so only opencv-python-headless owns cv2."""
    pins, _ = parse_lock(REPO / "requirements.lock")
    assert "opencv-python" not in pins and "opencv-python-headless" in pins
    import cv2

    assert metadata.packages_distributions()["cv2"] == ["opencv-python-headless"]
    gui = re.search(r"^\s*GUI:\s*(\S+)", cv2.getBuildInformation(), re.M)
    assert gui and gui.group(1) == "NONE", "the cv2 imported is a GUI build, not opencv-python-headless"
