"""Items 16-19 of issue #8: hostile and unusual images through a whole `audit scan --checks faces` run.

Unit-level decode cases live in tests/images/test_decode.py (reused here); this runs them as a
webdataset shard through the real CLI and SCRFD model, so every row must come out of signals.parquet
with the expected image_status, in bounded time and memory.
"""

from __future__ import annotations

import io
import json
import struct
import sys
import tarfile
from pathlib import Path

import cv2
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hostile import read_outputs
from PIL import Image
from runs_support import measured, scan_cmd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faces"))
from model_files import FAST, model_path  # noqa: E402
from recall_sets import bundled  # noqa: E402

from tests.images.test_decode import JPEG, gradient, pil_bytes, png_header_bomb  # noqa: E402


def face_rgb() -> Image.Image:
    return Image.fromarray(cv2.cvtColor(bundled("astronaut"), cv2.COLOR_BGR2RGB))


def gif_frames(frames: int, huge_later: bool = False) -> bytes:
    """A GIF of `frames` copies of one small frame (built by repeating its bytes, so it is fast to make).

    With `huge_later`, every frame after the first declares 65535 x 65535 pixels in its descriptor.
    """
    one = pil_bytes(Image.new("P", (16, 16), 1), "GIF")
    gct = 3 * 2 ** ((one[10] & 7) + 1) if one[10] & 0x80 else 0
    start = 13 + gct
    body = one[start:-1]  # extensions + image descriptor + data of the single frame
    d = body.index(b"\x2c")  # image descriptor
    later = bytearray(body)
    if huge_later:
        later[d + 5:d + 9] = struct.pack("<HH", 65535, 65535)
    return one[:start] + body + bytes(later) * (frames - 1) + b"\x3b"


def png_bad_crc() -> bytes:
    data = bytearray(pil_bytes(gradient(), "PNG"))
    data[29:33] = b"\x00\x00\x00\x00"  # IHDR CRC
    return bytes(data)


def webp_huge_canvas() -> bytes:
    """A VP8X WebP whose canvas claims 16384 x 16384 (the format's limit) around a tiny bitstream."""
    small = pil_bytes(gradient(16, 16), "WEBP", lossless=True)
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + (16383).to_bytes(3, "little") * 2
    body = b"WEBP" + vp8x + small[12:]
    return b"RIFF" + struct.pack("<I", len(body)) + body


def fits() -> bytes:
    cards = ["SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    2",
             "NAXIS1  =                   16", "NAXIS2  =                   16", "END"]
    header = "".join(c.ljust(80) for c in cards).ljust(2880).encode("ascii")
    return header + bytes(256).ljust(2880, b"\x00")


def exif_rotated_face() -> bytes:
    """The astronaut stored lying on its side, with EXIF orientation 6 to stand it up again."""
    stored = face_rgb().transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    return pil_bytes(stored, "JPEG", quality=92, exif=exif.tobytes())


def palette_transparent_face() -> bytes:
    img = face_rgb().convert("RGBA")
    img.putpixel((0, 0), (0, 0, 0, 0))
    return pil_bytes(img.quantize(255), "PNG", transparency=0)


def sixteen_bit_face() -> bytes:
    return cv2.imencode(".png", bundled("astronaut").astype(np.uint16) * 257)[1].tobytes()


# key -> (extension, bytes, expected image_status, faces: True = at least one, 0 = none, None = unknown)
CASES = {
    "png-20000": ("png", png_header_bomb(20000, 20000), "skipped:decompression_bomb", None),
    "png-10000": ("png", png_header_bomb(10000, 10000), "skipped:decompression_bomb", None),
    "gif-huge-later": ("gif", gif_frames(3, huge_later=True), "ok", 0),
    "gif-10000-frames": ("gif", gif_frames(10_000), "ok", 0),
    "jpeg-truncated": ("jpg", JPEG[: len(JPEG) // 2], "error:decode_failed", None),
    "png-bad-crc": ("png", png_bad_crc(), "error:decode_failed", None),
    "webp-huge": ("webp", webp_huge_canvas(), "skipped:decompression_bomb", None),
    "tiff": ("jpg", pil_bytes(gradient(), "TIFF"), "skipped:format_not_allowed", None),
    "fits": ("jpg", fits(), "skipped:format_not_allowed", None),
    "cmyk": ("jpg", pil_bytes(face_rgb().convert("CMYK"), "JPEG", quality=92), "ok", True),
    "16bit": ("png", sixteen_bit_face(), "ok", True),
    "palette-transparent": ("png", palette_transparent_face(), "ok", True),
    "exif-rotated": ("jpg", exif_rotated_face(), "ok", True),
    "plain": ("jpg", pil_bytes(face_rgb(), "JPEG", quality=92), "ok", True),
}
NO_IMAGE_KEY = "not-in-shard"


@pytest.fixture(scope="module")
def image_run(tmp_path_factory):
    model = model_path(FAST)
    d = tmp_path_factory.mktemp("images")
    shard = d / "00000.tar"
    with tarfile.open(shard, "w") as tf:
        for key, (ext, data, _, _) in CASES.items():
            for name, payload in ((f"{key}.{ext}", data),
                                  (f"{key}.json", json.dumps({"url": f"https://example.com/{key}"}).encode())):
                info = tarfile.TarInfo(name)
                info.size = len(payload)
                tf.addfile(info, io.BytesIO(payload))
    keys = [*CASES, NO_IMAGE_KEY]
    pq.write_table(pa.table({"key": keys, "url": [f"https://example.com/{k}" for k in keys],
                             "caption": ["c"] * len(keys), "status": ["success"] * len(keys)}), d / "meta.parquet")
    # measured by a small middle process (runs_support.measured): the scan's own peak RSS and CPU-seconds, not a
    # pytest worker's high-water mark, which Linux hands to every child it forks
    out = d / "run"
    run = measured(scan_cmd(d / "meta.parquet", "--checks", "faces", "--quiet", "--out", out, "--images", shard,
                            "--face-model", model, "--device", "cpu"))
    return run, *read_outputs(out)


def test_run_finishes_every_row_accounted(image_run):
    run, summary, signals = image_run
    assert run.code in (0, 1), run.stderr
    assert signals.num_rows == len(CASES) + 1 and summary["rows"]["accounted"]
    assert not summary["check_failures"] and not summary["file_errors"]


@pytest.mark.parametrize("key", [*CASES, NO_IMAGE_KEY])
def test_image_status_and_faces(image_run, key):
    _, _, signals = image_run
    row = next(r for r in signals.to_pylist() if r["key"] == key)
    if key == NO_IMAGE_KEY:
        assert row["image_status"] == "skipped:no_image" and row["face_count"] is None
        return
    _, _, status, faces = CASES[key]
    assert row["image_status"] in ((status,) if isinstance(status, str) else status)
    if faces is None:
        assert row["face_count"] is None  # unknown, never "no face"
    elif faces is True:
        assert row["face_count"] >= 1
    else:
        assert row["face_count"] == 0


def test_exif_rotation_reports_displayed_size(image_run):
    _, _, signals = image_run
    row = next(r for r in signals.to_pylist() if r["key"] == "exif-rotated")
    h, w = bundled("astronaut").shape[:2]
    assert (row["image_width"], row["image_height"]) == (w, h)


def test_bounded_time_and_memory(image_run):
    run, _, _ = image_run
    # CPU-seconds bound the work (contention from a parallel test worker does not inflate them); the looser wall
    # bound still catches a hang (a decoder waiting forever uses no CPU)
    assert run.cpu_s < 60 and run.wall_s < 180, (run.cpu_s, run.wall_s)
    assert run.peak_rss_bytes < 1_500_000 * 1024, f"peak RSS {run.peak_rss_bytes // 1024} KiB"
