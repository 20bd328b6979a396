"""--into FILE: our fields join the user's croissant.json; their own text is kept unless --force."""

import json

import pytest
from croissant_support import load, validate
from report_support import audit, scan, write_laion


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("merge")
    data = write_laion(d / "d.parquet", [{"URL": f"https://example.com/{i}.jpg", "TEXT": f"row {i}",
                                          "LICENSE": "CC BY 4.0"} for i in range(20)])
    return scan(data, d / "run"), d / "run"


def _theirs(path, **extra):
    doc = {"@context": {"@vocab": "https://schema.org/", "sc": "https://schema.org/",
                        "cr": "http://mlcommons.org/croissant/", "dct": "http://purl.org/dc/terms/",
                        "conformsTo": "dct:conformsTo"},
           "@type": "sc:Dataset", "name": "Their dataset", "description": "Their words.",
           "rai:dataBiases": ["Their bias statement."], "rai:dataLimitations": ["Their limitation."], **extra}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return doc


def test_merge_keeps_their_text(run, tmp_path):
    _, out = run
    into = tmp_path / "croissant.json"
    _theirs(into, license="TODO(audit croissant): the license")
    proc = audit("croissant", out, "--into", into)
    assert proc.returncode == 0, proc.stderr
    doc = load(into)
    assert doc["name"] == "Their dataset" and doc["description"] == "Their words."
    assert doc["rai:dataBiases"] == ["Their bias statement."]  # a field only they write: kept silently
    assert doc["rai:dataLimitations"] == ["Their limitation."]  # ours differs: kept, and said so
    assert "kept your rai:dataLimitations" in proc.stderr
    assert doc["license"].startswith("TODO(audit croissant)")  # their TODO is no text of theirs
    assert "rai:personalSensitiveInformation" in doc and doc["@context"]["rai"] == "http://mlcommons.org/croissant/RAI/"
    assert not validate(into).ctx.issues.errors


def test_force_replaces(run, tmp_path):
    _, out = run
    into = tmp_path / "croissant.json"
    _theirs(into)
    proc = audit("croissant", out, "--into", into, "--force", "--out", tmp_path / "merged.json")
    assert proc.returncode == 0, proc.stderr
    doc = load(tmp_path / "merged.json")
    assert doc["rai:dataLimitations"] != ["Their limitation."] and "replaced rai:dataLimitations" in proc.stderr
    assert doc["name"] == "Their dataset"  # ours is only a TODO marker: never replaces their text
    assert load(into)["rai:dataLimitations"] == ["Their limitation."]  # --out: their file untouched


def test_conflicting_prefix_is_an_error(run, tmp_path):
    _, out = run
    into = tmp_path / "croissant.json"
    doc = _theirs(into)
    doc["@context"]["rai"] = "http://example.org/other/"
    into.write_text(json.dumps(doc), encoding="utf-8")
    proc = audit("croissant", out, "--into", into)
    assert proc.returncode == 2 and "@context.rai" in proc.stderr
    assert json.loads(into.read_text())["@context"]["rai"] == "http://example.org/other/"
