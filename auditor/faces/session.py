"""Load a face detector file (SCRFD or CenterFace, see auditor.faces.family) into an ONNX Runtime session.

Why a module of its own: the device question has sharp edges. onnxruntime-gpu silently falls back to the
CPU when the CUDA/cuDNN versions do not match, so `--device cuda` must check the providers the session
*actually* uses, not the ones it asked for. And the SCRFD-500M release file declares a fixed 1x3x640x640
input although its graph is fully convolutional (only two FPN `Resize` nodes carry constant output
sizes); rewriting those to scale factors lets the same weights run on the letterboxed shape of each
image and on the small/large recall passes, which is where most of the CPU time is saved. The rewrite
is verified numerically against the original file before it is used; otherwise the fixed size is kept.
When int8 weights are wanted (`--face-precision`, CPU by default) an int8 candidate session is built
here from that same graph (auditor.faces.quantize); the detector decides whether to use it.
CenterFace's file has a dummy fixed input that is rewritten to symbolic dims (auditor.faces.centerface).
With no file given, the CenterFace model that ships inside the package (MIT) is used.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from insightface.model_zoo import get_model
from insightface.model_zoo.scrfd import SCRFD
from onnx import numpy_helper, shape_inference
from onnxruntime.capi import onnxruntime_pybind11_state as _ortstate

from auditor.errors import CheckUnavailable
from auditor.faces.catalog import DEFAULT_MODEL, identify
from auditor.faces.centerface import CenterFace, make_dynamic
from auditor.faces.family import FAMILIES, Family, recognise
from auditor.faces.quantize import quantized
from auditor.faces.scrfd import Scrfd

log = logging.getLogger(__name__)

CPU = "CPUExecutionProvider"
CUDA = "CUDAExecutionProvider"
DEVICES = ("auto", "cpu", "cuda")
PRECISIONS = ("auto", "fp32", "int8")
MODEL_HINT = ("leave --face-model out to use the bundled CenterFace model (MIT), or pass --face-model PATH "
              "(or set AUDITOR_FACE_MODEL) to an SCRFD or CenterFace .onnx file you are licensed to use; "
              "the auditor never downloads models")


@dataclass(frozen=True)
class ModelInfo:
    """What a report must say about the detector: which one, its bytes and its license."""

    path: str
    file_name: str
    sha256: str
    family: str
    name: str                             # e.g. "CenterFace", "SCRFD-500M (bnkps)"
    license: str
    commercial_use: bool | None           # None: unknown (a file we do not know)
    bundled: bool                         # the model that ships inside the auditor
    native_input: tuple[int, int] | None  # (width, height) when the file fixes it
    size_agnostic: bool                   # shapes other than native_input can run
    precision: str = "fp32"               # the weights actually used: fp32, or int8 (auditor.faces.quantize)
    precision_note: str | None = None     # why int8 was asked for but not used


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def choose_providers(device: str, available: list[str]) -> list[str]:
    """Providers to request for `device`; `cuda` without a CUDA-capable onnxruntime fails loudly."""
    if device not in DEVICES:
        raise CheckUnavailable(f"unknown device {device!r}; use one of {', '.join(DEVICES)}")
    if device == "cpu":
        return [CPU]
    if CUDA in available:
        return [CUDA, CPU]
    if device == "cuda":
        raise CheckUnavailable(
            "--device cuda: onnxruntime here has no CUDAExecutionProvider (available: "
            f"{', '.join(available)}); install the GPU extra (pip install 'auditor[gpu]', which brings "
            "onnxruntime-gpu) on a machine with an NVIDIA GPU, or use --device cpu")
    return [CPU]


def check_active(device: str, session: ort.InferenceSession) -> list[str]:
    """The providers in use; `cuda` requested but not active is an error, not a slow surprise."""
    active = list(session.get_providers())
    if device == "cuda" and CUDA not in active:
        raise CheckUnavailable(
            f"--device cuda: the ONNX Runtime session fell back to {active} (CUDA/cuDNN libraries "
            "missing or of the wrong version for this onnxruntime-gpu); fix the CUDA install or use "
            "--device cpu")
    return active


def session_options(threads: int | None) -> ort.SessionOptions:
    opts = ort.SessionOptions()
    opts.log_severity_level = 3  # shape-mismatch chatter from size-agnostic models is expected
    if threads:
        opts.intra_op_num_threads = threads
    # with several intra-op threads, spinning ones would steal the cores the other workers need
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return opts


def make_size_agnostic(model: onnx.ModelProto) -> onnx.ModelProto | None:
    """Turn constant-size FPN upsampling into scale factors and free the spatial dims; None if unsure."""
    dims = model.graph.input[0].type.tensor_type.shape.dim
    if len(dims) != 4 or not (dims[2].dim_value and dims[3].dim_value):
        return None  # already dynamic (e.g. scrfd_2.5g) or not an image model
    inferred = shape_inference.infer_shapes(model)
    shapes = {vi.name: [d.dim_value for d in vi.type.tensor_type.shape.dim]
              for vi in list(inferred.graph.value_info) + list(inferred.graph.input)}
    inits = {t.name: t for t in model.graph.initializer}
    out = onnx.ModelProto()
    out.CopyFrom(model)
    for i, node in enumerate(out.graph.node):
        if node.op_type != "Resize" or len(node.input) < 4 or not node.input[3]:
            continue
        sizes_init = inits.get(node.input[3])
        in_shape = shapes.get(node.input[0])
        if sizes_init is None or not in_shape or 0 in in_shape:
            return None
        sizes = numpy_helper.to_array(sizes_init).astype(np.float32)
        scales = sizes / np.asarray(in_shape, dtype=np.float32)
        name = f"auditor_scales_{i}"
        out.graph.initializer.append(numpy_helper.from_array(scales.astype(np.float32), name))
        node.input[2] = name
        del node.input[3]
    used = {name for node in out.graph.node for name in node.input}
    unused = [t for t in out.graph.initializer if t.name not in used]  # the replaced constant sizes
    for t in unused:
        out.graph.initializer.remove(t)
    new_dims = out.graph.input[0].type.tensor_type.shape.dim
    new_dims[2].dim_param, new_dims[3].dim_param = "height", "width"
    for output in out.graph.output:
        for d in output.type.tensor_type.shape.dim[1:-1]:
            d.dim_param = "anchors"
    return out


def _same_outputs(a: ort.InferenceSession, b: ort.InferenceSession, shape: tuple[int, ...]) -> bool:
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    name = a.get_inputs()[0].name
    ra, rb = a.run(None, {name: x}), b.run(None, {name: x})
    return all(p.shape == q.shape and np.allclose(p, q, atol=1e-4) for p, q in zip(ra, rb, strict=True))


#: what ORT raises for a graph it cannot build or run (its exception classes derive from Exception only)
_ORT_ERRORS = (_ortstate.Fail, _ortstate.InvalidGraph, _ortstate.InvalidArgument,
               _ortstate.RuntimeException, _ortstate.NotImplemented, RuntimeError, ValueError)


def wants_int8(precision: str, active: list[str]) -> bool:
    """`auto`: int8 on the CPU, where it is faster; float32 on CUDA, whose provider runs QDQ graphs poorly."""
    if precision not in PRECISIONS:
        raise CheckUnavailable(f"unknown precision {precision!r}; use one of {', '.join(PRECISIONS)}")
    return precision == "int8" or (precision == "auto" and CUDA not in active)


@dataclass
class Opened:
    """A float32 detector (size-agnostic when provably equal) and, when int8 was wanted, an int8 candidate
    session that the detector checks against it before use (`int8_error`: why there is none)."""

    family: Family
    info: ModelInfo
    int8: ort.InferenceSession | None = None
    int8_error: str | None = None


def _load(path: Path) -> onnx.ModelProto:
    try:
        return onnx.load(str(path))
    except (OSError, ValueError, onnx.onnx_cpp2py_export.checker.ValidationError) as exc:
        raise CheckUnavailable(f"face model {str(path)!r} cannot be loaded ({exc}); {MODEL_HINT}") from exc
    except Exception as exc:  # protobuf's DecodeError for a file that is not ONNX at all
        if type(exc).__name__ != "DecodeError":
            raise
        raise CheckUnavailable(f"face model {str(path)!r} is not an ONNX file ({exc}); {MODEL_HINT}") from exc


def family_of(model: onnx.ModelProto, path: Path, wanted: str | None) -> str:
    """The graph's family; `wanted` (--face-detector) must agree with it - a mismatch is a config error."""
    if wanted is not None and wanted not in FAMILIES:
        raise CheckUnavailable(f"unknown face detector {wanted!r}; use one of {', '.join(FAMILIES)}")
    found = recognise(model)
    if found is None:
        raise CheckUnavailable(f"face model {str(path)!r} is not a face detector of a known family "
                               f"({', '.join(FAMILIES)}); {MODEL_HINT}")
    if wanted is not None and wanted != found:
        raise CheckUnavailable(f"--face-detector {wanted} but {str(path)!r} is a {found} graph")
    return found


def _open_scrfd(path: Path, providers, opts) -> tuple[Family, onnx.ModelProto, tuple[int, int] | None, bool]:
    try:
        scrfd = get_model(str(path), providers=providers, sess_options=opts)
    except (*_ORT_ERRORS, AssertionError, OSError, onnx.onnx_cpp2py_export.checker.ValidationError) as exc:
        raise CheckUnavailable(f"face model {str(path)!r} cannot be loaded ({exc}); {MODEL_HINT}") from exc
    if not isinstance(scrfd, SCRFD):
        raise CheckUnavailable(f"face model {str(path)!r} is not an SCRFD face detector; {MODEL_HINT}")
    model = onnx.load(str(path))
    dims = model.graph.input[0].type.tensor_type.shape.dim
    native = (dims[3].dim_value, dims[2].dim_value) if len(dims) == 4 and dims[2].dim_value else None
    agnostic = native is None
    rewritten = make_size_agnostic(model) if native else None
    if rewritten is not None:
        try:
            candidate = ort.InferenceSession(rewritten.SerializeToString(), opts, providers=providers)
            if _same_outputs(scrfd.session, candidate, (1, 3, native[1], native[0])):
                scrfd.session, agnostic, model = candidate, True, rewritten
        except _ORT_ERRORS as exc:  # an unusual graph keeps its fixed size; say why
            log.info("keeping %s at its fixed input size: %s", path.name, exc)
    return Scrfd(scrfd), model, native, agnostic


def _open_centerface(path: Path, model: onnx.ModelProto, providers, opts):
    try:
        model = make_dynamic(model)
        session = ort.InferenceSession(model.SerializeToString(), opts, providers=providers)
    except (*_ORT_ERRORS, onnx.onnx_cpp2py_export.checker.ValidationError) as exc:
        raise CheckUnavailable(f"face model {str(path)!r} cannot be loaded as CenterFace ({exc})") from exc
    return CenterFace(session), model, None, True


def open_detector(path: Path | None, device: str, threads: int | None, precision: str = "fp32",
                  family: str | None = None) -> Opened:
    """The detector in `path` (None: the bundled CenterFace) on `device`, with its license facts."""
    bundled = path is None
    path = DEFAULT_MODEL if bundled else Path(path)
    if not path.is_file():
        if bundled:
            raise CheckUnavailable(f"the bundled face model {str(path)!r} is missing from this install "
                                   "(reinstall the auditor); or pass --face-model PATH")
        raise CheckUnavailable(f"face model {str(path)!r} does not exist; {MODEL_HINT}")
    providers = choose_providers(device, list(ort.get_available_providers()))
    opts = session_options(threads)
    kind = family_of(_load(path), path, family)
    if kind == "scrfd":
        fam, model, native, agnostic = _open_scrfd(path, providers, opts)
    else:
        fam, model, native, agnostic = _open_centerface(path, onnx.load(str(path)), providers, opts)
    active = check_active(device, fam.session)
    sha = sha256_file(path)
    known = identify(sha, kind, path.name)
    info = ModelInfo(str(path), path.name, sha, kind, known.name, known.license, known.commercial_use,
                     bundled, native, agnostic)
    opened = Opened(fam, info)
    if wants_int8(precision, active):
        c = fam.calibration
        try:
            int8 = quantized(model.SerializeToString(), c.mean, c.std, c.rgb)
            opened.int8 = ort.InferenceSession(int8, opts, providers=providers)
        except (*_ORT_ERRORS, OSError, onnx.onnx_cpp2py_export.checker.ValidationError) as exc:
            opened.int8_error = f"int8 quantization failed ({type(exc).__name__}: {exc})"
    return opened
