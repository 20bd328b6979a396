"""Real photos bundled with scikit-image and insightface, and edited copies of them, as image files.

Indexed: astronaut, camera, coffee, chelsea, rocket, coins, horse, motorcycle_left, hubble_deep_field,
insightface t1. Unrelated queries: retina, moon, brick, grass, page, mask_blue (never indexed).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import cv2
import numpy as np
import skimage
from PIL import Image

SK = Path(os.path.dirname(skimage.__file__)) / "data"


def _insightface_dir() -> Path:
    import insightface

    return Path(os.path.dirname(insightface.__file__)) / "data" / "images"


INDEXED = {"astronaut": SK / "astronaut.png", "camera": SK / "camera.png", "coffee": SK / "coffee.png",
           "chelsea": SK / "chelsea.png", "rocket": SK / "rocket.jpg", "coins": SK / "coins.png",
           "horse": SK / "horse.png", "motorcycle": SK / "motorcycle_left.png",
           "hubble": SK / "hubble_deep_field.jpg", "t1": _insightface_dir() / "t1.jpg"}
UNRELATED = {"retina": SK / "retina.jpg", "moon": SK / "moon.png", "brick": SK / "brick.png",
             "grass": SK / "grass.png", "page": SK / "page.png", "mask": _insightface_dir() / "mask_blue.jpg"}
#: the credit a photographer embedded in one indexed file (hostile Markdown included on purpose)
EXIF_ARTIST = "Jane Doe [x](javascript:alert(1))"
EXIF_COPYRIGHT = "(c) 2019 Jane Doe, CC BY-SA 4.0"


def rgb(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


def _resize(a):
    h, w = a.shape[:2]
    return cv2.resize(a, (w * 3 // 5, h * 3 // 5), interpolation=cv2.INTER_AREA)


def _crop(a):
    h, w = a.shape[:2]
    return a[h // 20: h - h // 20, w // 20: w - w // 20]


def _jpeg(a):
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, "JPEG", quality=40)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def _colour(a):
    return np.clip(a.astype(np.int16) * np.array([1.1, 0.95, 0.85]) + 12, 0, 255).astype(np.uint8)


def _overlay(a):
    out = a.copy()
    h, w = a.shape[:2]
    cv2.rectangle(out, (w // 20, h - h // 6), (w // 3, h - h // 20), (255, 255, 255), -1)
    cv2.putText(out, "AI", (w // 16, h - h // 12), cv2.FONT_HERSHEY_SIMPLEX, max(0.5, w / 600), (0, 0, 0), 2)
    return out


EDITS = {"resize": _resize, "crop": _crop, "jpeg": _jpeg, "colour": _colour, "overlay": _overlay}


def save(arr: np.ndarray, path: Path) -> Path:
    Image.fromarray(arr).save(path)
    return path
