"""Box geometry shared by detection and its self-checks: greedy NMS and box matching."""

from __future__ import annotations

import numpy as np


def nms(boxes: np.ndarray, scores: np.ndarray, threshold: float) -> np.ndarray:
    """Greedy non-maximum suppression (as insightface's SCRFD does), highest score first."""
    order = np.argsort(-scores, kind="stable")
    x1, y1, x2, y2 = boxes.T
    areas = (x2 - x1 + 1) * (y2 - y1 + 1)
    keep = []
    while order.size:
        i = order[0]
        keep.append(i)
        rest = order[1:]
        w = np.maximum(0.0, np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]) + 1)
        h = np.maximum(0.0, np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]) + 1)
        inter = w * h
        order = rest[inter / (areas[i] + areas[rest] - inter) <= threshold]
    return np.asarray(keep, dtype=np.int64)


def all_matched(expected: np.ndarray, got: np.ndarray, min_iou: float = 0.5) -> bool:
    """Every expected box overlaps some box in `got` by at least `min_iou`."""
    for x1, y1, x2, y2 in expected:
        w = np.clip(np.minimum(x2, got[:, 2]) - np.maximum(x1, got[:, 0]), 0, None)
        h = np.clip(np.minimum(y2, got[:, 3]) - np.maximum(y1, got[:, 1]), 0, None)
        inter = w * h
        union = (x2 - x1) * (y2 - y1) + (got[:, 2] - got[:, 0]) * (got[:, 3] - got[:, 1]) - inter
        if not (inter / np.maximum(union, 1e-6) >= min_iou).any():
            return False
    return True
