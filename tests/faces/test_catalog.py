"""The bundled default detector and what every output says about a detector's license."""

from __future__ import annotations

import tomllib

from model_files import FAST, REPO, model_path

from auditor.faces.catalog import DEFAULT_MODEL, DEFAULT_NOTICE, DEFAULT_SHA256, KNOWN, help_text, identify
from auditor.faces.detector import DetectorConfig, FaceDetector
from auditor.faces.license import detector_facts, warning
from auditor.faces.session import sha256_file


def test_bundled_model_is_the_known_mit_centerface():
    assert sha256_file(DEFAULT_MODEL) == DEFAULT_SHA256
    known = KNOWN[DEFAULT_SHA256]
    assert (known.name, known.license, known.commercial_use) == ("CenterFace", "MIT", True)
    notice = DEFAULT_NOTICE.read_text()
    assert "MIT License" in notice and "Martin Drawitsch" in notice and DEFAULT_SHA256 in notice


def test_model_and_notice_ship_in_the_package_data():
    data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["auditor"]
    assert "faces/models/*" in data


def test_help_names_default_detector_sha_and_license():
    text = help_text()
    assert "CenterFace" in text and "MIT" in text and DEFAULT_SHA256 in text and "non-commercial" in text


def test_unknown_file_has_unknown_terms_never_allowed():
    k = identify("0" * 64, "scrfd", "mine.onnx")
    assert k.commercial_use is None and k.license.startswith("unknown")


def test_default_detector_facts_have_no_warning():
    d = FaceDetector(DetectorConfig(device="cpu", precision="fp32"))
    d.open()
    facts = detector_facts(d.info, None)
    assert facts["detector"] == "CenterFace" and facts["detector_license"] == "MIT"
    assert facts["detector_sha256"] == DEFAULT_SHA256 and facts["detector_bundled"] is True
    assert facts["detector_commercial_use"] is True and facts["detector_warning"] is None


def test_insightface_model_gets_a_non_commercial_warning():
    d = FaceDetector(DetectorConfig(model_path(FAST), device="cpu", precision="fp32"))
    d.open()
    assert d.info.commercial_use is False
    assert "non-commercial" in warning(d.info) and "SCRFD-500M" in warning(d.info)


def test_unknown_model_bytes_warn(tmp_path):
    """A copy of SCRFD with one metadata byte changed is not a file we know: unknown terms, a warning."""
    import onnx

    m = onnx.load(str(model_path(FAST)))
    m.doc_string = "retrained by someone"
    path = tmp_path / "mine.onnx"
    onnx.save(m, str(path))
    d = FaceDetector(DetectorConfig(path, device="cpu", precision="fp32"))
    d.open()
    assert d.info.commercial_use is None and "unknown" in warning(d.info)
