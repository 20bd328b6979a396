"""A small real ONNX image encoder built with onnx.helper: fixed random 3x3 convolution + average pooling.

Linear in its input, so it is no semantic model; it proves loading, preprocessing, normalisation and
search end to end. `dynamic=True` leaves H and W symbolic (the size must then come from a sidecar YAML).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def build(path: Path, *, size: int = 64, channels: int = 8, dynamic: bool = False, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((channels, 3, 3, 3)).astype(np.float32)
    dims = ["N", 3, "H", "W"] if dynamic else [1, 3, size, size]
    inp = helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, dims)
    out = helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["N", None])
    nodes = [helper.make_node("Conv", ["pixel_values", "w"], ["c"], strides=[2, 2], pads=[1, 1, 1, 1]),
             helper.make_node("GlobalAveragePool", ["c"], ["g"]),
             helper.make_node("MaxPool", ["c"], ["m"], kernel_shape=[size // 8, size // 8],
                              strides=[size // 8, size // 8]),
             helper.make_node("Flatten", ["m"], ["mf"]), helper.make_node("Flatten", ["g"], ["gf"]),
             helper.make_node("Concat", ["gf", "mf"], ["image_embeds"], axis=1)]
    graph = helper.make_graph(nodes, "tiny_encoder", [inp], [out], [numpy_helper.from_array(w, "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path
