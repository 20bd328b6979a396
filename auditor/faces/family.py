"""One interface over the detector families (SCRFD, CenterFace): what a pass needs from a model.

Why: the recall passes (auditor.faces.detector) are about *where* a face sits in the network input - a
padded canvas for faces filling the frame, a larger scale for small faces - and apply to any detector.
What differs between families is only how a canvas becomes a blob (colour order, normalization) and how
the raw outputs become boxes; each family says that in its own module (auditor.faces.scrfd,
auditor.faces.centerface), and `recognise` tells them apart from the ONNX graph itself, so a file's
name never decides how it is run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import onnx
import onnxruntime as ort

FAMILIES = ("scrfd", "centerface")


@dataclass(frozen=True)
class Calibration:
    """How the int8 calibration photos are fed (auditor.faces.quantize): (x[rgb or bgr] - mean) / std."""

    mean: float
    std: float
    rgb: bool


class Family:
    """A detector session and its pre/post-processing; `decode` returns boxes in input pixels."""

    name: str = ""
    #: the input's height and width must be multiples of this (the largest stride)
    stride_align: int = 32
    #: the small-face pass's default cap (x input_size), measured per family on the small-faces set
    small_face_max_factor: float = 2.0
    session: ort.InferenceSession
    calibration: Calibration

    def blob(self, canvas: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def decode(self, outs: list[np.ndarray], in_w: int, in_h: int,
               threshold: float) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def run(self, blob: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        outs = self.session.run(self.output_names, {self.input_name: blob})
        return self.decode(outs, blob.shape[3], blob.shape[2], threshold)

    @property
    def input_name(self) -> str:
        return self.session.get_inputs()[0].name

    @property
    def output_names(self) -> list[str]:
        return [o.name for o in self.session.get_outputs()]


def normalized_blob(canvas: np.ndarray, mean: float, std: float, rgb: bool) -> np.ndarray:
    """NCHW float32 (x - mean) / std, written channel by channel (several times faster than
    cv2.dnn.blobFromImage at these sizes)."""
    h, w = canvas.shape[:2]
    blob = np.empty((1, 3, h, w), np.float32)
    for k in range(3):
        blob[0, k] = canvas[:, :, 2 - k if rgb else k]
    if mean:
        blob -= mean
    if std != 1.0:
        blob *= 1.0 / std
    return blob


def _channels(model: onnx.ModelProto) -> list[int]:
    return [o.type.tensor_type.shape.dim[1].dim_value if len(o.type.tensor_type.shape.dim) > 1 else 0
            for o in model.graph.output]


def recognise(model: onnx.ModelProto) -> str | None:
    """The family of a detector graph, from its outputs; None when it is none we know.

    CenterFace: four NCHW maps with 1 (heatmap), 2 (scale), 2 (offset) and 10 (landmarks) channels.
    SCRFD: 6, 9 (with keypoints) or 10/15 outputs, scores/boxes per stride (insightface's own test)."""
    outs = model.graph.output
    if len(outs) == 4 and _channels(model) == [1, 2, 2, 10]:
        return "centerface"
    if len(outs) in (6, 9, 10, 15):
        return "scrfd"
    return None
