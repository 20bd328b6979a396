"""Family recognition from the ONNX graph, --face-detector, and CenterFace's own pre/post-processing."""

from __future__ import annotations

import numpy as np
import onnx
import pytest
from model_files import DYNAMIC, FAST, model_path
from onnx import TensorProto, helper

from auditor.errors import CheckUnavailable
from auditor.faces.catalog import DEFAULT_MODEL
from auditor.faces.centerface import STRIDE, CenterFace, make_dynamic
from auditor.faces.family import recognise
from auditor.faces.session import family_of


@pytest.mark.parametrize("path,family", [(lambda: DEFAULT_MODEL, "centerface"),
                                         (lambda: model_path(FAST), "scrfd"),
                                         (lambda: model_path(DYNAMIC), "scrfd")])
def test_family_is_recognised_from_the_graph(path, family):
    assert recognise(onnx.load(str(path()))) == family


def test_renamed_file_is_still_recognised(tmp_path):
    """The file name decides nothing: SCRFD saved as centerface.onnx is still SCRFD."""
    renamed = tmp_path / "centerface.onnx"
    renamed.write_bytes(model_path(FAST).read_bytes())
    assert family_of(onnx.load(str(renamed)), renamed, None) == "scrfd"


def test_face_detector_name_must_match_the_graph():
    model = onnx.load(str(DEFAULT_MODEL))
    assert family_of(model, DEFAULT_MODEL, "centerface") == "centerface"
    with pytest.raises(CheckUnavailable, match="is a centerface graph"):
        family_of(model, DEFAULT_MODEL, "scrfd")
    with pytest.raises(CheckUnavailable, match="unknown face detector 'yolo'"):
        family_of(model, DEFAULT_MODEL, "yolo")


def test_four_outputs_of_other_channels_are_not_centerface():
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 32, 32])
    outs = [helper.make_tensor_value_info(f"y{i}", TensorProto.FLOAT, [1, c, 8, 8]) for i, c in enumerate((1, 2, 3, 4))]
    nodes = [helper.make_node("Identity", ["x"], [f"y{i}"]) for i in range(4)]
    model = helper.make_model(helper.make_graph(nodes, "g", [x], outs))
    assert recognise(model) is None


def test_dummy_input_shape_is_freed():
    """The shipped file declares 10x3x32x32; after the rewrite any multiple of 32 runs, outputs at stride 4."""
    original = onnx.load(str(DEFAULT_MODEL))
    assert [d.dim_value for d in original.graph.input[0].type.tensor_type.shape.dim] == [10, 3, 32, 32]
    import onnxruntime as ort

    sess = ort.InferenceSession(make_dynamic(original).SerializeToString(), providers=["CPUExecutionProvider"])
    assert [i.name for i in sess.get_inputs()] == ["input.1"]  # initializers are no longer inputs
    heat, scale, offset, lms = sess.run(None, {"input.1": np.zeros((1, 3, 96, 160), np.float32)})
    assert heat.shape == (1, 1, 96 // STRIDE, 160 // STRIDE) and lms.shape[1] == 10


def test_decode_places_a_box_from_the_heatmap():
    """One hot cell at (row 5, col 7), sizes exp(0) * 4 = 4 px, offsets 0.25: centre (7.5+0.25)*4 = 31."""
    heat = np.zeros((1, 1, 16, 16), np.float32)
    heat[0, 0, 5, 7] = 0.9
    scale = np.zeros((1, 2, 16, 16), np.float32)
    scale[0, 0, 5, 7], scale[0, 1, 5, 7] = np.log(4.0), np.log(2.0)  # height 16 px, width 8 px
    offset = np.full((1, 2, 16, 16), 0.25, np.float32)
    cf = CenterFace.__new__(CenterFace)
    boxes, scores = cf.decode([heat, scale, offset, None], 64, 64, 0.4)
    cx, cy = (7 + 0.25 + 0.5) * 4, (5 + 0.25 + 0.5) * 4
    assert np.allclose(boxes, [[cx - 4, cy - 8, cx + 4, cy + 8]]) and np.allclose(scores, [0.9])
    assert cf.decode([heat, scale, offset, None], 64, 64, 0.95)[0].shape == (0, 4)


def test_centerface_blob_is_bgr_unscaled():
    canvas = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    blob = CenterFace.__new__(CenterFace).blob(canvas)
    assert blob.shape == (1, 3, 2, 3) and np.array_equal(blob[0, 0], canvas[:, :, 0])
