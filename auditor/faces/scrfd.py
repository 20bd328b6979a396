"""SCRFD (insightface): pre-processing and anchor decoding on insightface's own model object.

insightface's `SCRFD` class knows the file's strides, anchors per cell and normalization (it reads them
from the graph); this module keeps that object and replaces only its per-image work: the blob is built
channel by channel (what cv2.dnn.blobFromImage(swapRB=True) gives insightface, several times faster),
and decoding touches only the anchors over threshold.
"""

from __future__ import annotations

import numpy as np
from insightface.model_zoo.scrfd import SCRFD

from auditor.faces.family import Calibration, Family, normalized_blob


class Scrfd(Family):
    name = "scrfd"

    def __init__(self, model: SCRFD) -> None:
        self.model = model
        self.calibration = Calibration(float(model.input_mean), float(model.input_std), rgb=True)

    @property
    def session(self):
        return self.model.session

    @session.setter
    def session(self, value) -> None:
        self.model.session = value

    @property
    def output_names(self) -> list[str]:
        return self.model.output_names

    def blob(self, canvas: np.ndarray) -> np.ndarray:
        m = self.model
        return normalized_blob(canvas, m.input_mean, m.input_std, rgb=True)

    def decode(self, outs, in_w, in_h, threshold):
        m = self.model
        boxes, scores = [], []
        for idx, stride in enumerate(m._feat_stride_fpn):
            sc = outs[idx].reshape(-1)
            pos = np.flatnonzero(sc >= threshold)
            if pos.size == 0:
                continue
            cell = pos // m._num_anchors
            cols = in_w // stride
            cx, cy = (cell % cols) * stride, (cell // cols) * stride
            d = outs[idx + m.fmc].reshape(-1, 4)[pos] * stride
            boxes.append(np.stack([cx - d[:, 0], cy - d[:, 1], cx + d[:, 2], cy + d[:, 3]], axis=1))
            scores.append(sc[pos])
        if not boxes:
            return np.zeros((0, 4), np.float32), np.zeros((0,), np.float32)
        return np.concatenate(boxes).astype(np.float32), np.concatenate(scores).astype(np.float32)
