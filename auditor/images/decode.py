"""Decode untrusted image bytes into a BGR array, or say precisely why not.

Images in web datasets are hostile input: decompression bombs (a 100 kB PNG that claims 50,000 x 50,000
pixels), truncated downloads, HTML error pages saved as `.jpg`, CMYK and 16-bit files, palettes with
transparency, and phone photos whose pixels are stored sideways with an EXIF orientation tag. Every one
of these becomes a row status here instead of an exception, so the faces check can account for every
row (`ok`, `skipped:<reason>`, `error:<reason>`).

The pixel cap is checked on the header size *before* any pixel is decoded. Large JPEGs are decoded with
libjpeg's DCT scaling (`Image.draft`), which is several times faster than a full decode followed by a
resize, because the detector only looks at a few hundred pixels per side anyway.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from auditor.images.metadata import ImageRights, read_rights

#: formats we decode; anything else (TIFF, BMP, PSD, SVG-as-bytes...) is refused, not guessed at.
#: MPO is how Pillow names multi-picture JPEGs from phones (first picture decoded).
ALLOWED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF"})
#: default cap, well under Pillow's own bomb limit (89 M pixels); a 8000 x 6000 photo still passes
DEFAULT_MAX_PIXELS = 50_000_000

NO_IMAGE = "skipped:no_image"
BOMB = "skipped:decompression_bomb"
FORMAT_NOT_ALLOWED = "skipped:format_not_allowed"
NOT_AN_IMAGE = "error:not_an_image"
DECODE_FAILED = "error:decode_failed"
OK = "ok"

#: EXIF orientations (tag 0x0112) that swap width and height
_TRANSPOSED = {5, 6, 7, 8}
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, struct.error, EOFError, IndexError, TypeError,
                  Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError)


#: leading bytes of the formats we decode (WebP is RIFF....WEBP, checked separately)
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def _is_webp(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


@dataclass(frozen=True)
class DecodedImage:
    """The outcome of decoding one image; `bgr` is None unless status is `ok`.

    `width`/`height` are the original image size as displayed (after EXIF orientation), even when the
    pixels were decoded at a reduced scale: face boxes are normalized, so they map onto either.
    """

    status: str
    bgr: np.ndarray | None = None
    width: int | None = None
    height: int | None = None
    sha256: str | None = None
    #: embedded rights metadata (auditor.images.metadata), when asked for and the file opened as an image
    rights: ImageRights | None = None


def install_bomb_guard() -> None:
    """Make Pillow's DecompressionBombWarning an exception in this process.

    Our own cap (checked first) is lower than Pillow's, so this only matters if a caller raises
    `max_pixels`; a warning that is merely printed would let a bomb through, so it must raise.
    """
    warnings.filterwarnings("error", category=Image.DecompressionBombWarning)


def decode_image(data: bytes | None, *, max_pixels: int = DEFAULT_MAX_PIXELS,
                 target_side: int | None = None, rights: bool = False) -> DecodedImage:
    """Decode `data` (bytes of an image file) to BGR uint8.

    `target_side`: the longest side the caller needs. A JPEG at least twice that size is decoded with
    DCT scaling to no less than `target_side` on its longest side.
    `rights`: also read the embedded rights metadata from the same open image (no second parse of the
    file); it is read before the pixel cap, so an oversized or undecodable image still reports it.
    """
    if not data:
        return DecodedImage(NO_IMAGE)
    sha = hashlib.sha256(data).hexdigest()
    try:
        img = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return DecodedImage(BOMB, sha256=sha)
    except UnidentifiedImageError:
        # Pillow says "unidentified" for any plugin error, so a PNG with a bad header checksum would read
        # as "not an image" (an HTML page): the magic bytes tell a damaged image from something else
        return DecodedImage(DECODE_FAILED if data.startswith(_IMAGE_MAGIC) or _is_webp(data) else NOT_AN_IMAGE,
                            sha256=sha)
    except _DECODE_ERRORS:
        return DecodedImage(DECODE_FAILED, sha256=sha)
    with img:
        if img.format not in ALLOWED_FORMATS:
            return DecodedImage(FORMAT_NOT_ALLOWED, sha256=sha)
        try:
            exif = img.getexif()
            orientation = int(exif.get(0x0112, 1) or 1)
        except _DECODE_ERRORS:
            exif, orientation = None, 1
        meta = read_rights(img, data, exif) if rights else None
        w, h = img.size
        if w <= 0 or h <= 0:
            return DecodedImage(DECODE_FAILED, sha256=sha, rights=meta)
        if w * h > max_pixels:
            return DecodedImage(BOMB, sha256=sha, rights=meta)
        width, height = (h, w) if orientation in _TRANSPOSED else (w, h)
        if target_side and img.format in ("JPEG", "MPO") and max(w, h) >= 2 * target_side:
            ratio = target_side / max(w, h)
            img.draft("RGB" if img.mode == "RGB" else None, (max(1, int(w * ratio)), max(1, int(h * ratio))))
        try:
            img.load()
            rgb = _to_rgb_array(img)
        except _DECODE_ERRORS:
            return DecodedImage(DECODE_FAILED, sha256=sha, rights=meta)
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    if orientation != 1:
        bgr = _apply_orientation(bgr, orientation)
    return DecodedImage(OK, np.ascontiguousarray(bgr), width, height, sha, meta)


def _to_rgb_array(img: Image.Image) -> np.ndarray:
    """Any Pillow mode -> RGB uint8 array (16-bit scaled, alpha composited onto white, CMYK converted)."""
    mode = img.mode
    if mode.startswith("I") or mode == "F":
        arr = np.asarray(img)
        if arr.ndim == 3:  # 16-bit RGB(A) in recent Pillow versions
            arr = arr[..., :3]
        peak = 65535.0 if (mode.startswith("I;16") or arr.max(initial=0) > 255) else 255.0
        arr = np.clip(arr.astype(np.float32) * (255.0 / peak), 0, 255).astype(np.uint8)
        return arr if arr.ndim == 3 else cv2.cvtColor(arr, cv2.COLOR_GRAY2RGB)
    if mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
        mode = img.mode
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(white, rgba).convert("RGB"))
    if mode != "RGB":
        img = img.convert("RGB")
    return np.asarray(img)


def _apply_orientation(bgr: np.ndarray, orientation: int) -> np.ndarray:
    """Apply EXIF orientation 2..8 (as ImageOps.exif_transpose does) on the array."""
    ops = {
        2: lambda a: cv2.flip(a, 1),
        3: lambda a: cv2.rotate(a, cv2.ROTATE_180),
        4: lambda a: cv2.flip(a, 0),
        5: lambda a: cv2.transpose(a),
        6: lambda a: cv2.rotate(a, cv2.ROTATE_90_CLOCKWISE),
        7: lambda a: cv2.rotate(cv2.transpose(a), cv2.ROTATE_180),
        8: lambda a: cv2.rotate(a, cv2.ROTATE_90_COUNTERCLOCKWISE),
    }
    op = ops.get(orientation)
    return op(bgr) if op else bgr
