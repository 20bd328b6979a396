"""Blurred thumbnails of rows with faces, for the HTML report.

A reviewer needs to see *what kind* of image was flagged (a crowd, a portrait, a stock photo) without the
audit itself becoming a copy of people's faces. So thumbnails exist only with every detected face
blurred, as DataComp does for its released images: each box grows by 10% of its larger side, and is
blurred with a Gaussian of sigma 0.1 x that grown side. An image whose faces are unknown (not decoded)
gets no thumbnail at all.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from auditor.thumbnails import thumbnail_name

THUMB_SIDE = 256


def blur_faces(bgr: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """A copy of `bgr` with every box (pixels, x1 y1 x2 y2) grown by 10% and Gaussian-blurred."""
    out = bgr.copy()
    h, w = out.shape[:2]
    for x1, y1, x2, y2 in np.asarray(boxes, dtype=np.float64).reshape(-1, 4):
        grow = 0.1 * max(x2 - x1, y2 - y1)
        xa, ya = int(max(0, np.floor(x1 - grow))), int(max(0, np.floor(y1 - grow)))
        xb, yb = int(min(w, np.ceil(x2 + grow))), int(min(h, np.ceil(y2 + grow)))
        if xb <= xa or yb <= ya:
            continue
        sigma = max(1.0, 0.1 * max(xb - xa, yb - ya))
        out[ya:yb, xa:xb] = cv2.GaussianBlur(out[ya:yb, xa:xb], (0, 0), sigmaX=sigma, sigmaY=sigma,
                                             borderType=cv2.BORDER_REFLECT)
    return out


def safe_name(key: str) -> str:
    """The file name of a row's thumbnail (auditor.thumbnails, shared with the HTML report that embeds
    it): safe for any untrusted key, bounded, collision-proof."""
    return f"{thumbnail_name(key)}.jpg"


def write_thumbnail(directory: Path, key: str, bgr: np.ndarray, boxes: np.ndarray) -> Path | None:
    """Blur, shrink to THUMB_SIDE and write `<safe key>.jpg` inside `directory`; None if no face."""
    if len(boxes) == 0:
        return None
    blurred = blur_faces(bgr, boxes)
    h, w = blurred.shape[:2]
    scale = min(1.0, THUMB_SIDE / max(h, w))
    if scale < 1.0:
        blurred = cv2.resize(blurred, (max(1, round(w * scale)), max(1, round(h * scale))),
                             interpolation=cv2.INTER_AREA)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / safe_name(key)
    ok, buf = cv2.imencode(".jpg", blurred, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        return None
    path.write_bytes(buf.tobytes())
    return path
