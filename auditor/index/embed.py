"""A user-supplied CLIP-style image encoder in ONNX: preprocessing read from the graph or a sidecar YAML.

Nothing is downloaded: the user exports the image tower (e.g. OpenCLIP's `model.encode_image`) to ONNX
and passes the file. What preprocessing it expects is taken, in order, from a sidecar `<model>.yaml`
(`input_size`, `mean`, `std`, `output`, and optional band thresholds), then from the graph (a fixed
`N x 3 x H x W` input gives the size; the first output is the embedding), then CLIP's published
defaults for mean/std. A graph whose size is dynamic and not named in a sidecar is refused: guessing
the size would silently produce embeddings the model was never trained for.

Preprocessing is CLIP's: resize the shorter side to the input size (bicubic), centre-crop, RGB in
[0, 1], normalise by mean/std. Embeddings are L2-normalised, so inner product is cosine similarity.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from auditor.errors import CheckUnavailable, ConfigError

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
#: cosine bands for CLIP ViT-B/32-like encoders; a sidecar may set its own (they are model-specific)
DEFAULT_BANDS = {"near_duplicate": 0.95, "strongly_similar": 0.85, "weak": 0.70}
_KEYS = {"input_size", "mean", "std", "output", "bands"}


@dataclass(frozen=True)
class EncoderSpec:
    path: Path
    input_size: int
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    output: str
    input_name: str
    dim: int
    sha256: str
    bands: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BANDS))


def _sidecar(path: Path) -> dict:
    """The optional `<model>.yaml` beside the model, checked key by key (errors name file and line)."""
    from auditor.policy.yamlsafe import YamlError, load_yaml

    side = path.with_suffix(".yaml")
    if not side.is_file():
        return {}
    try:
        located = load_yaml(side.read_text(encoding="utf-8"))
    except YamlError as exc:
        raise ConfigError(str(exc), file=str(side), line=getattr(exc, "line", None)) from None
    data = located.data or {}

    def bad(key: str, why: str) -> ConfigError:
        return ConfigError(f"{key}: {why}", file=str(side), line=located.line_of((key,)))

    if not isinstance(data, dict):
        raise ConfigError("encoder sidecar must be a mapping", file=str(side))
    for key in data:
        if key not in _KEYS:
            raise bad(str(key), f"unknown key; allowed: {sorted(_KEYS)}")
    for k in ("mean", "std"):
        if k in data and not (isinstance(data[k], list) and len(data[k]) == 3
                              and all(isinstance(v, int | float) and not isinstance(v, bool) for v in data[k])):
            raise bad(k, "expected a list of 3 numbers")
    if "std" in data and any(v <= 0 for v in data["std"]):
        raise bad("std", "every value must be > 0")
    if "input_size" in data and not (type(data["input_size"]) is int and 8 <= data["input_size"] <= 1024):
        raise bad("input_size", "expected an integer 8..1024")
    if "output" in data and not isinstance(data["output"], str):
        raise bad("output", "expected the name of a graph output")
    bands = data.get("bands", {})
    if not isinstance(bands, dict) or set(bands) - set(DEFAULT_BANDS) or not all(
            isinstance(v, int | float) and -1 <= v <= 1 for v in bands.values()):
        raise bad("bands", f"a mapping of {sorted(DEFAULT_BANDS)} to cosines in [-1, 1]")
    return data


class ImageEncoder:
    """One ONNX Runtime session; `embed(bgr)` -> unit float32 vector. Thread-safe (ORT run is)."""

    def __init__(self, path: str | Path, threads: int | None = None) -> None:
        import onnxruntime as ort

        path = Path(path)
        if not path.is_file():
            raise CheckUnavailable(f"embedding model not found: {path}")
        side = _sidecar(path)
        so = ort.SessionOptions()
        if threads:
            so.intra_op_num_threads = threads
        try:
            self.session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph types
            raise ConfigError(f"cannot load ONNX embedding model: {exc}", file=str(path)) from None
        inp = self.session.get_inputs()[0]
        shape = inp.shape
        if len(shape) != 4 or shape[1] not in (3, "3"):
            raise ConfigError(f"expected an N x 3 x H x W image input, got {shape}", file=str(path))
        size = side.get("input_size")
        if size is None:
            if not (isinstance(shape[2], int) and shape[2] == shape[3]):
                raise ConfigError("the graph's input size is dynamic or not square: set input_size in "
                                  f"{path.with_suffix('.yaml').name}", file=str(path))
            size = shape[2]
        outputs = [o.name for o in self.session.get_outputs()]
        output = side.get("output", outputs[0])
        if output not in outputs:
            raise ConfigError(f"output {output!r} not in the graph ({outputs})", file=str(path))
        bands = dict(DEFAULT_BANDS, **side.get("bands", {}))
        probe = self.session.run([output], {inp.name: np.zeros((1, 3, size, size), np.float32)})[0]
        if probe.ndim != 2:
            raise ConfigError(f"output {output!r} must be N x D, got shape {probe.shape}", file=str(path))
        self.spec = EncoderSpec(path=path, input_size=int(size), mean=tuple(side.get("mean", CLIP_MEAN)),
                                std=tuple(side.get("std", CLIP_STD)), output=output, input_name=inp.name,
                                dim=int(probe.shape[1]), sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                                bands=bands)
        self._mean = np.array(self.spec.mean, np.float32)
        self._std = np.array(self.spec.std, np.float32)

    def preprocess(self, bgr: np.ndarray) -> np.ndarray:
        s = self.spec.input_size
        h, w = bgr.shape[:2]
        scale = s / min(h, w)
        nh, nw = max(s, round(h * scale)), max(s, round(w * scale))
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
        img = cv2.resize(bgr, (nw, nh), interpolation=interp)
        top, left = (nh - s) // 2, (nw - s) // 2
        rgb = img[top:top + s, left:left + s, ::-1].astype(np.float32) / 255.0
        return ((rgb - self._mean) / self._std).transpose(2, 0, 1)

    def embed(self, bgr: np.ndarray) -> np.ndarray:
        x = self.preprocess(bgr)[None]
        vec = self.session.run([self.spec.output], {self.spec.input_name: x})[0][0].astype(np.float32)
        norm = float(np.linalg.norm(vec))
        if not np.isfinite(norm) or norm == 0:
            raise ValueError("embedding is zero or not finite")
        return vec / norm

    def describe(self) -> dict:
        s = self.spec
        return {"model": s.path.name, "sha256": s.sha256, "input_size": s.input_size, "mean": list(s.mean),
                "std": list(s.std), "output": s.output, "dim": s.dim, "bands": s.bands}
