"""An int8 copy of a face detector's weights for CPUs, calibrated on pictures that ship with insightface.

Why: on a CPU the detector's convolutions are almost all of the faces stage's cost, and int8 kernels
(AVX2, AVX-512 VNNI) run this model about 1.3x faster than float32. Static quantization needs
calibration images; the auditor cannot download any and must not depend on the dataset being scanned
(the same model file must give the same int8 weights on every run), so it uses the photos bundled
inside the insightface package, a runtime dependency: `t1.jpg` (six people) and `Tom_Hanks_54745.png`
(a portrait), each letterboxed at full and half size, and mirrored.

Quantization can go wrong for a model we have never seen, so the detector only uses the copy after
checking it against float32 on those photos (auditor.faces.detector); the result is cached per model
file and process, because quantizing takes about a second.
"""

from __future__ import annotations

import logging
import tempfile
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import onnx
from onnx import version_converter
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

#: opset 13 is the first with per-channel (axis) QuantizeLinear/DequantizeLinear
MIN_OPSET = 13
CALIBRATION_IMAGES = ("t1.jpg", "Tom_Hanks_54745.png")
CALIBRATION_SIDE = 640


def bundled_photos() -> list[np.ndarray]:
    """The calibration photos as BGR arrays, read from the installed insightface package."""
    import insightface  # noqa: PLC0415 - heavy import, only when quantizing

    folder = Path(insightface.__file__).parent / "data" / "images"
    photos = [cv2.imread(str(folder / name), cv2.IMREAD_COLOR) for name in CALIBRATION_IMAGES]
    missing = [n for n, p in zip(CALIBRATION_IMAGES, photos, strict=True) if p is None]
    if missing:
        raise FileNotFoundError(f"insightface package lacks its bundled images {missing} in {folder}")
    return photos


def _letterboxed(bgr: np.ndarray, fill: float, mean: float, std: float, rgb: bool = True) -> np.ndarray:
    side = CALIBRATION_SIDE
    s = side * fill / max(bgr.shape[:2])
    small = cv2.resize(bgr, (max(1, round(bgr.shape[1] * s)), max(1, round(bgr.shape[0] * s))),
                       interpolation=cv2.INTER_AREA)
    canvas = np.zeros((side, side, 3), np.uint8)
    canvas[:small.shape[0], :small.shape[1]] = small
    pixels = canvas[:, :, ::-1] if rgb else canvas
    return ((pixels.transpose(2, 0, 1)[None].astype(np.float32) - mean) / std).astype(np.float32)


class _Calibration(CalibrationDataReader):
    def __init__(self, input_name: str, mean: float, std: float, rgb: bool) -> None:
        blobs = [_letterboxed(img, fill, mean, std, rgb)
                 for photo in bundled_photos() for img in (photo, cv2.flip(photo, 1)) for fill in (1.0, 0.5)]
        self._feeds = iter([{input_name: b} for b in blobs])

    def get_next(self) -> dict[str, np.ndarray] | None:
        return next(self._feeds, None)


@lru_cache(maxsize=4)
def quantized(model_bytes: bytes, mean: float, std: float, rgb: bool = True) -> bytes:
    """int8 (QDQ, per-channel weights, uint8 activations) version of a float32 detector graph, fed
    as its family wants (`rgb`: channel order; (x - mean) / std)."""
    model = onnx.load_from_string(model_bytes)
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    if opset < MIN_OPSET:
        model = version_converter.convert_version(model, MIN_OPSET)
    reader = _Calibration(model.graph.input[0].name, mean, std, rgb)
    quiet = logging.getLogger()  # quantize_static logs a pre-processing hint at WARNING on the root logger
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with tempfile.TemporaryDirectory(prefix="auditor-int8-") as tmp:
            out = Path(tmp) / "int8.onnx"
            quantize_static(model, out, reader, quant_format=QuantFormat.QDQ, per_channel=True,
                            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
            return out.read_bytes()
    finally:
        quiet.setLevel(level)
