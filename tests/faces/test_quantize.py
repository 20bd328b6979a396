"""int8 weights: built from the real SCRFD files, calibrated on insightface's bundled photos, and used
only after they find what float32 finds (a badly calibrated copy is refused, not used)."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from model_files import DYNAMIC, FAST, model_path

from auditor.errors import CheckUnavailable
from auditor.faces.detector import DetectorConfig, FaceDetector
from auditor.faces.quantize import CALIBRATION_IMAGES, bundled_photos, quantized
from auditor.faces.session import CPU, CUDA, Opened, make_size_agnostic, session_options, wants_int8


def fp32_detector(name: str = FAST) -> FaceDetector:
    d = FaceDetector(DetectorConfig(model_path(name), device="cpu", precision="fp32"))
    d.open()
    return d


def strict_int8() -> FaceDetector:
    """`--face-precision int8`: opened (with good int8 weights), then offered a bad candidate."""
    d = FaceDetector(DetectorConfig(model_path(FAST), device="cpu", precision="int8"))
    d.open()
    assert d.info.precision == "int8"
    return d


def test_calibration_photos_ship_with_insightface():
    photos = bundled_photos()
    assert len(photos) == len(CALIBRATION_IMAGES) == 2
    assert all(p.ndim == 3 and p.shape[2] == 3 and min(p.shape[:2]) > 100 for p in photos)


def test_quantized_graph_is_int8_runs_at_any_size_and_is_cached():
    graph = make_size_agnostic(onnx.load(str(model_path(FAST)))).SerializeToString()
    first = quantized(graph, 127.5, 128.0)
    assert quantized(graph, 127.5, 128.0) is first  # one quantization per model and process
    ops = {n.op_type for n in onnx.load_from_string(first).graph.node}
    assert {"QuantizeLinear", "DequantizeLinear"} <= ops
    session = ort.InferenceSession(first, providers=[CPU])
    out = session.run(None, {session.get_inputs()[0].name: np.zeros((1, 3, 160, 224), np.float32)})
    assert out[0].shape == (1, (160 // 8) * (224 // 8) * 2, 1)


@pytest.mark.parametrize("model", [FAST, DYNAMIC])
def test_auto_uses_int8_on_cpu_after_the_check(model):
    d = FaceDetector(DetectorConfig(model_path(model), device="cpu"))
    d.open()
    assert d.info.precision == "int8" and d.info.precision_note is None
    assert d.pass_counts == {"main": 0, "small_face": 0, "large_face": 0}  # the check's passes not counted


@pytest.mark.parametrize("precision,active,expected", [
    ("auto", [CPU], True), ("auto", [CUDA, CPU], False), ("fp32", [CPU], False), ("int8", [CUDA, CPU], True),
])
def test_wants_int8(precision, active, expected):
    assert wants_int8(precision, active) is expected


def test_unknown_precision_is_refused():
    with pytest.raises(CheckUnavailable, match="precision"):
        wants_int8("int4", [CPU])


@pytest.mark.parametrize("mean,std", [(0.0, 1e-3), (127.5, 1.0)])
def test_badly_calibrated_int8_is_caught(mean, std):
    """Real int8 weights quantized with the wrong input scaling find other faces than float32."""
    d = fp32_detector()
    graph = make_size_agnostic(onnx.load(str(model_path(FAST)))).SerializeToString()
    bad = ort.InferenceSession(quantized(graph, mean, std), session_options(None), providers=[CPU])
    assert "disagree with float32" in d._int8_disagrees(bad)
    d._adopt_int8(Opened(d.family, d.info, int8=bad))
    assert d.info.precision == "fp32" and "float32 used" in d.info.precision_note
    assert len(d.detect(bundled_photos()[0]).scores) == 6  # still float32

    strict = strict_int8()
    with pytest.raises(CheckUnavailable, match="--face-precision fp32"):
        strict._adopt_int8(Opened(strict.family, strict.info, int8=bad))


def test_failed_quantization_falls_back_or_fails_when_insisted():
    d = fp32_detector()
    d._adopt_int8(Opened(d.family, d.info, int8_error="int8 quantization failed (X: y)"))
    assert d.info.precision == "fp32" and d.info.precision_note.startswith("int8 quantization failed")
    strict = strict_int8()
    with pytest.raises(CheckUnavailable, match="quantization failed"):
        strict._adopt_int8(Opened(strict.family, strict.info, int8_error="int8 quantization failed (X: y)"))
