"""Face detection with the recall passes its known failure modes need, scheduled cheaply.

The passes are the same for every detector family (SCRFD, CenterFace: auditor.faces.family); only the
blob and the decoding of the outputs are the family's. One image goes through up to three passes, all
on the same weights:

1. main: the image letterboxed to `input_size` on its long side (the standard use). On a
   size-agnostic session (see auditor.faces.session) the padding is trimmed to the next multiple of 32,
   so a 3:2 photo costs 2/3 of a square one; on CUDA or a fixed-size model it is the full square, so
   cuDNN never re-benchmarks a new shape.
2. small faces: when the image is at least `small_face_factor` x `input_size` on its long side, faces of
   a few pixels are lost by the shrink. The image runs at its own size, capped at
   `small_face_max_factor` x `input_size`: one whole-image pass on a size-agnostic session (which then
   replaces the main pass: it sees the same faces, larger), overlapping fixed-size tiles otherwise.
3. large faces (insightface issue #1518): batch-norm SCRFD models miss a face that fills most of the
   frame. The image is placed in the middle of a canvas `pad_factor` times its size and run at the small
   `pad_input_size`, where the face has a size the detector was trained on. That costs ~1/16 of a main pass,
   so size-agnostic sessions always run it; fixed-shape sessions (a full pass) only when nothing else
   was found - which is most web images, since most have no face.

Pre-processing (`plan`) is separate from inference (`infer`); `detect` is thread-safe, so several
workers can each decode and detect their own image at once (ONNX Runtime sessions allow concurrent runs).
Anchor decoding only touches anchors over threshold.

On a CPU the weights are int8 by default (auditor.faces.quantize), but only after `open` has checked
that they find the same faces as float32 on insightface's bundled photos.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np

from auditor.errors import CheckUnavailable
from auditor.faces.boxes import all_matched, nms
from auditor.faces.quantize import CALIBRATION_IMAGES, bundled_photos
from auditor.faces.session import CUDA, ModelInfo, Opened, open_detector


@dataclass(frozen=True)
class DetectorConfig:
    #: None: the CenterFace model that ships with the auditor (auditor.faces.catalog)
    model_path: Path | None = None
    device: str = "auto"
    input_size: int = 640
    threshold: float = 0.4
    nms_threshold: float = 0.4
    threads: int | None = None
    small_face_pass: bool = True
    small_face_factor: float = 2.0
    #: the small-face pass runs at the image's own size, capped at this multiple of input_size
    #: (None: the family's default, measured on the small-faces set: see tests/bench/RESULTS.md)
    small_face_max_factor: float | None = None
    large_face_pass: bool = True
    pad_factor: float = 2.0
    pad_input_size: int = 160
    #: None: size-agnostic shapes on CPU, fixed squares on CUDA
    fixed_shape: bool | None = None
    #: auto: int8 on CPU (checked against float32 first), float32 on CUDA; or fp32 / int8
    precision: str = "auto"
    #: --face-detector: the family the graph must be (None: recognised from the graph)
    family: str | None = None


@dataclass(frozen=True)
class Pass:
    """One network input and how to map its boxes back: image_xy = input_xy / scale + offset."""

    blob: np.ndarray
    scale: float
    offset: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class Plan:
    """The passes a decode worker prepared for one image (None: decided or planned at detect time)."""

    main: Pass | None
    large: Pass | None
    small: bool


@dataclass(frozen=True)
class Faces:
    """Detections in original-image pixels of the decoded array: boxes (N, 4) x1 y1 x2 y2, scores (N,)."""

    boxes: np.ndarray
    scores: np.ndarray

    @classmethod
    def empty(cls) -> Faces:
        return cls(np.zeros((0, 4), np.float32), np.zeros((0,), np.float32))

    def normalized(self, width: int, height: int) -> Faces:
        """Boxes as fractions of the image, as DataComp stores them (any decode scale maps onto them)."""
        return Faces(self.boxes / np.array([width, height, width, height], np.float32), self.scores)


class FaceDetector:
    """A detector model opened once; `detect(bgr)` is the whole schedule (thread-safe)."""

    def __init__(self, config: DetectorConfig) -> None:
        self.config = config
        self.family = None
        self.info: ModelInfo | None = None
        self.providers: list[str] = []
        self.pass_counts = {"main": 0, "small_face": 0, "large_face": 0}
        self._lock = threading.Lock()

    def open(self) -> None:
        if self.family is not None:
            return
        c = self.config
        opened = open_detector(c.model_path, c.device, c.threads, c.precision, c.family)
        self.family, self.info = opened.family, opened.info
        self.providers = list(self.family.session.get_providers())
        fixed = self.config.fixed_shape
        self.fixed = (CUDA in self.providers) if fixed is None else fixed
        if not self.info.size_agnostic:
            self.fixed = True
            w, h = self.info.native_input or (self.config.input_size, self.config.input_size)
            self.square = max(w, h)
        else:
            self.square = self.config.input_size
        self.max_factor = c.small_face_max_factor or self.family.small_face_max_factor
        if opened.int8 is not None or opened.int8_error:
            self._adopt_int8(opened)

    def _adopt_int8(self, opened: Opened) -> None:
        """Use the int8 session when it finds what float32 finds; `--face-precision int8` insists."""
        error = opened.int8_error or self._int8_disagrees(opened.int8)
        if error is None:
            self.family.session = opened.int8
            self.info = replace(self.info, precision="int8")
        elif self.config.precision == "int8":
            raise CheckUnavailable(f"face detector {self.info.file_name}: {error}; use --face-precision fp32")
        else:
            self.info = replace(self.info, precision_note=f"{error}; float32 used")
        self.pass_counts = dict.fromkeys(self.pass_counts, 0)

    def _int8_disagrees(self, int8_session) -> str | None:
        fp32_session = self.family.session
        for name, photo in zip(CALIBRATION_IMAGES, bundled_photos(), strict=True):
            expected = self.detect(photo)
            self.family.session = int8_session
            try:
                got = self.detect(photo)
            finally:
                self.family.session = fp32_session
            if len(got.scores) != len(expected.scores) or not all_matched(expected.boxes, got.boxes):
                return (f"int8 weights disagree with float32 on insightface's {name} "
                        f"({len(got.scores)} vs {len(expected.scores)} faces)")
        return None

    # -- pre-processing (thread-safe: called from decode workers) -------------------------------------
    def _blob(self, canvas: np.ndarray) -> np.ndarray:
        return self.family.blob(canvas)

    def _letterbox(self, bgr: np.ndarray, side: int, fixed: bool) -> tuple[Pass, np.ndarray]:
        h, w = bgr.shape[:2]
        scale = side / max(h, w)
        nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
        if fixed:
            cw = ch = side
        else:
            align = self.family.stride_align
            cw, ch = (math.ceil(v / align) * align for v in (nw, nh))
        canvas = np.zeros((ch, cw, 3), np.uint8)
        resized = _resize(bgr, nw, nh, scale)
        canvas[:nh, :nw] = resized
        return Pass(self._blob(canvas), scale), resized

    def plan_main(self, bgr: np.ndarray) -> Pass:
        return self._letterbox(bgr, self.square, self.fixed)[0]

    def plan(self, bgr: np.ndarray) -> Plan:
        """Everything that can be prepared before inference; decode workers call this."""
        small = self.wants_small_face_pass(bgr)
        main = resized = None
        if not (small and not self.fixed):
            main, resized = self._letterbox(bgr, self.square, self.fixed)
        large = None
        if self.config.large_face_pass and not self.fixed:
            # shrink from the main pass's image when there is one: same result, a fraction of the work
            large = self.plan_large_face(bgr, resized)
        return Plan(main, large, small)

    def plan_small_face(self, bgr: np.ndarray) -> list[Pass]:
        side = round(min(max(bgr.shape[:2]), self.square * self.max_factor))
        if not self.fixed:
            return [self._letterbox(bgr, side, fixed=False)[0]]
        h, w = bgr.shape[:2]
        scale = side / max(h, w)
        big = _resize(bgr, max(1, round(w * scale)), max(1, round(h * scale)), scale)
        tile, passes = self.square, []
        ys = _tile_starts(big.shape[0], tile)
        for x0 in _tile_starts(big.shape[1], tile):
            for y0 in ys:
                canvas = np.zeros((tile, tile, 3), np.uint8)
                crop = big[y0:y0 + tile, x0:x0 + tile]
                canvas[:crop.shape[0], :crop.shape[1]] = crop
                passes.append(Pass(self._blob(canvas), scale, (x0 / scale, y0 / scale)))
        return passes

    def plan_large_face(self, bgr: np.ndarray, resized: np.ndarray | None = None) -> Pass:
        h, w = bgr.shape[:2]
        side = self.config.pad_input_size if not self.fixed else self.square
        canvas_side = self.config.pad_factor * max(h, w)
        scale = side / canvas_side
        nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
        x0, y0 = (side - nw) // 2, (side - nh) // 2
        canvas = np.zeros((side, side, 3), np.uint8)
        src = resized if resized is not None else bgr
        canvas[y0:y0 + nh, x0:x0 + nw] = _resize(src, nw, nh, nw / src.shape[1])
        return Pass(self._blob(canvas), scale, (-x0 / scale, -y0 / scale))

    def wants_small_face_pass(self, bgr: np.ndarray) -> bool:
        c = self.config
        return c.small_face_pass and max(bgr.shape[:2]) >= c.small_face_factor * self.square

    # -- inference -------------------------------------------------------------------------------------
    def infer(self, p: Pass) -> tuple[np.ndarray, np.ndarray]:
        """Run one pass; boxes (in image pixels) and scores over threshold, before NMS."""
        boxes, scores = self.family.run(p.blob, self.config.threshold)
        if scores.size:
            boxes = boxes / p.scale + np.array([*p.offset, *p.offset], np.float32)
        return boxes.astype(np.float32), scores

    def detect(self, bgr: np.ndarray, plan: Plan | None = None) -> Faces:
        """All passes for one image (`plan` may be prepared by a decode thread)."""
        plan = plan if plan is not None else self.plan(bgr)
        found, ran = [], []
        if plan.small:
            ran.append("small_face")
            found += [self.infer(p) for p in self.plan_small_face(bgr)]
        if plan.main is not None:  # None when a whole-image pass at the larger scale replaced it
            ran.append("main")
            found.append(self.infer(plan.main))
        # cheap (1/16 of a main pass) on size-agnostic sessions: always planned, so a frame-filling face
        # is counted even beside small ones; a full pass on fixed shapes: only when nothing was found
        large = plan.large
        if large is None and self.config.large_face_pass and self.fixed and not any(len(s) for _, s in found):
            large = self.plan_large_face(bgr)
        if large is not None:
            ran.append("large_face")
            found.append(self.infer(large))
        with self._lock:
            for name in ran:
                self.pass_counts[name] += 1
        boxes = np.concatenate([b for b, _ in found])
        scores = np.concatenate([s for _, s in found])
        if scores.size == 0:
            return Faces.empty()
        h, w = bgr.shape[:2]
        np.clip(boxes, 0, [w, h, w, h], out=boxes)
        keep = nms(boxes, scores, self.config.nms_threshold)
        return Faces(boxes[keep], scores[keep])


def _resize(bgr: np.ndarray, w: int, h: int, scale: float) -> np.ndarray:
    """Bilinear (as insightface) down to half size; area averaging below, where bilinear would alias
    away small faces (area is ~8x slower, so it is kept for the shrinks that need it)."""
    if (w, h) == (bgr.shape[1], bgr.shape[0]):
        return bgr
    return cv2.resize(bgr, (w, h), interpolation=cv2.INTER_AREA if scale < 0.5 else cv2.INTER_LINEAR)


def _tile_starts(length: int, tile: int) -> list[int]:
    """Start offsets of tiles covering `length`, overlapping by at least 1/8 of a tile."""
    if length <= tile:
        return [0]
    n = math.ceil((length - tile / 8) / (tile * 7 / 8))
    return [round(i * (length - tile) / (n - 1)) for i in range(n)] if n > 1 else [0]
