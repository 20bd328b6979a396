"""Safe decoding: every hostile or unusual image becomes a precise status or a correct BGR array."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib

import cv2
import numpy as np
import pytest
from PIL import Image, ImageOps

from auditor.images.decode import (
    BOMB,
    DECODE_FAILED,
    FORMAT_NOT_ALLOWED,
    NO_IMAGE,
    NOT_AN_IMAGE,
    OK,
    decode_image,
)


def pil_bytes(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def gradient(w=64, h=48) -> Image.Image:
    x = np.linspace(0, 255, w, dtype=np.uint8)
    arr = np.stack([np.tile(x, (h, 1)), np.tile(x[::-1], (h, 1)), np.full((h, w), 100, np.uint8)], -1)
    return Image.fromarray(arr, "RGB")


def png_header_bomb(width: int, height: int) -> bytes:
    """A valid PNG signature and IHDR claiming width x height, with a tiny IDAT: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def animated_gif() -> bytes:
    first = Image.new("RGB", (20, 10), (255, 0, 0))
    second = Image.new("RGB", (20, 10), (0, 0, 255))
    buf = io.BytesIO()
    first.save(buf, "GIF", save_all=True, append_images=[second])
    return buf.getvalue()


JPEG = pil_bytes(gradient(), "JPEG", quality=95)

CASES = [
    ("jpeg", JPEG, OK),
    ("png", pil_bytes(gradient(), "PNG"), OK),
    ("webp", pil_bytes(gradient(), "WEBP", quality=90), OK),
    ("gif animated: first frame", animated_gif(), OK),
    ("bmp not allowed", pil_bytes(gradient(), "BMP"), FORMAT_NOT_ALLOWED),
    ("tiff not allowed", pil_bytes(gradient(), "TIFF"), FORMAT_NOT_ALLOWED),
    ("empty", b"", NO_IMAGE),
    ("none", None, NO_IMAGE),
    ("html served as image", b"<!doctype html><html><body>404 not found</body></html>", NOT_AN_IMAGE),
    ("truncated jpeg", JPEG[: len(JPEG) // 2], DECODE_FAILED),
    ("truncated png", pil_bytes(gradient(), "PNG")[:80], DECODE_FAILED),
    ("png header 100k x 100k (bomb)", png_header_bomb(100_000, 100_000), BOMB),
    ("png header 8k x 8k over cap", png_header_bomb(8000, 8000), BOMB),
]


@pytest.mark.parametrize("label,data,status", CASES, ids=[c[0] for c in CASES])
def test_statuses(label, data, status):
    out = decode_image(data, max_pixels=50_000_000 if "8k" not in label else 10_000_000)
    assert out.status == status
    if status == OK:
        assert out.bgr.dtype == np.uint8 and out.bgr.ndim == 3 and out.bgr.shape[2] == 3
        assert (out.width, out.height) == (out.bgr.shape[1], out.bgr.shape[0])
        assert out.sha256 == hashlib.sha256(data).hexdigest()
    else:
        assert out.bgr is None


def test_gif_first_frame_is_red():
    out = decode_image(animated_gif())
    b, g, r = out.bgr[5, 10]
    assert r > 200 and b < 50


def test_cmyk_jpeg_converted_to_rgb():
    rgb = Image.new("RGB", (32, 32), (200, 30, 30))
    data = pil_bytes(rgb.convert("CMYK"), "JPEG", quality=95)
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
    out = decode_image(data)
    assert out.status == OK
    b, g, r = out.bgr[16, 16].astype(int)
    assert r > 150 and g < 80 and b < 80


@pytest.mark.parametrize("dtype_value,expected", [(65535, 255), (32768, 128), (0, 0)])
def test_16bit_grayscale_png_scaled(dtype_value, expected):
    arr = np.full((16, 16), dtype_value, np.uint16)
    ok, buf = cv2.imencode(".png", arr)
    assert ok
    out = decode_image(buf.tobytes())
    assert out.status == OK
    assert abs(int(out.bgr[8, 8, 0]) - expected) <= 1


def test_16bit_rgb_png():
    arr = np.zeros((16, 16, 3), np.uint16)
    arr[..., 2] = 65535  # red in BGR order for cv2
    ok, buf = cv2.imencode(".png", arr)
    out = decode_image(buf.tobytes())
    assert out.status == OK
    b, g, r = out.bgr[8, 8].astype(int)
    assert r >= 250 and g <= 5 and b <= 5


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparency_composited_on_white(mode):
    img = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    if mode == "P":
        img = Image.new("P", (10, 10), 0)
        img.putpalette([0, 0, 0] * 256)
        img.info["transparency"] = 0
    else:
        img = img.convert(mode)
    out = decode_image(pil_bytes(img, "PNG"))
    assert out.status == OK
    assert out.bgr.min() >= 250  # fully transparent pixels become white, not black


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_matches_pillow(orientation):
    base = gradient(40, 24)
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = pil_bytes(base, "JPEG", quality=100, exif=exif.tobytes())
    expected = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB"))
    out = decode_image(data)
    assert out.status == OK
    assert out.bgr.shape[:2] == expected.shape[:2]
    assert (out.width, out.height) == (expected.shape[1], expected.shape[0])
    assert np.abs(out.bgr[..., ::-1].astype(int) - expected.astype(int)).max() <= 2


def test_large_jpeg_uses_draft_but_reports_original_size():
    big = gradient(4000, 3000)
    data = pil_bytes(big, "JPEG", quality=80)
    out = decode_image(data, target_side=640)
    assert out.status == OK
    assert (out.width, out.height) == (4000, 3000)
    assert 640 <= max(out.bgr.shape[:2]) <= 2000  # DCT-scaled, never below what the caller needs
    full = decode_image(data)
    assert full.bgr.shape[:2] == (3000, 4000)


def test_pillow_bomb_warning_is_an_error_when_cap_is_raised():
    from auditor.images.decode import install_bomb_guard

    install_bomb_guard()
    # 10k x 10k = 100 M pixels: over Pillow's 89 M warning limit, under its 179 M error limit
    out = decode_image(png_header_bomb(10_000, 10_000), max_pixels=10**12)
    assert out.status == BOMB


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose SOF header is patched to claim width x height."""
    data = bytearray(JPEG)
    i = data.index(b"\xff\xc0")
    data[i + 5:i + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def gif_claiming(width: int, height: int) -> bytes:
    data = bytearray(animated_gif())
    data[6:10] = struct.pack("<HH", width, height)  # logical screen size
    return bytes(data)


@pytest.mark.parametrize("data", [jpeg_claiming(60000, 60000), jpeg_claiming(20000, 5000),
                                  gif_claiming(65535, 65535)], ids=["jpeg 60k^2", "jpeg 100M", "gif 65k^2"])
def test_header_bombs_other_formats(data):
    assert decode_image(data).status == BOMB


def test_damaged_png_header_is_decode_failed_not_html():
    data = bytearray(pil_bytes(gradient(), "PNG"))
    data[29:33] = b"\x00\x00\x00\x00"  # IHDR CRC: Pillow refuses to identify the file at all
    assert decode_image(bytes(data)).status == DECODE_FAILED
    assert decode_image(b"RIFF\x10\x00\x00\x00WEBPVP8 garbage").status == DECODE_FAILED
