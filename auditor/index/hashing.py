"""Perceptual hashes of a decoded image: pHash and dHash (64 bits each) through `imagehash` (BSD-2).

pHash (DCT of a 32x32 grey image) survives resizing, JPEG re-encoding and colour shifts; dHash (row
gradients of a 9x8 grey image) adds a second, differently-failing view, so the 128-bit concatenation
used for the Hamming search separates near-duplicates from unrelated images better than either alone.
The image is first shrunk with area averaging to at most `PRESHRINK` pixels a side: both hashes look at
32 pixels or fewer, and resizing a 6000-pixel photo with Lanczos would cost more than decoding it.
"""

from __future__ import annotations

import cv2
import imagehash
import numpy as np
from PIL import Image

#: bits in the concatenated hash (pHash 64 + dHash 64)
HASH_BITS = 128
HASH_BYTES = HASH_BITS // 8
PRESHRINK = 256


def _small_rgb(bgr: np.ndarray) -> Image.Image:
    h, w = bgr.shape[:2]
    scale = PRESHRINK / max(h, w)
    if scale < 1:
        bgr = cv2.resize(bgr, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    return Image.fromarray(np.ascontiguousarray(bgr[..., ::-1]))


def image_hashes(bgr: np.ndarray) -> tuple[bytes, bytes]:
    """(pHash, dHash) of a BGR uint8 image, 8 bytes each, most significant bit first."""
    img = _small_rgb(bgr)
    ph = np.packbits(imagehash.phash(img).hash.reshape(-1)).tobytes()
    dh = np.packbits(imagehash.dhash(img).hash.reshape(-1)).tobytes()
    return ph, dh


def hamming(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bit distance between packed uint8 rows of `a` (n, k) and one packed row `b` (k,)."""
    return np.unpackbits(np.bitwise_xor(a, b[None, :]), axis=1).sum(axis=1)
