"""Thumbnails: every face blurred (box grown by 10%, sigma 0.1 x side), safe names, nothing unblurred."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from recall_sets import bundled

from auditor.faces.blur import blur_faces, safe_name, write_thumbnail


def sharpness(img: np.ndarray) -> float:
    return float(cv2.Laplacian(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())


def test_blur_removes_detail_inside_grown_box_only():
    img = bundled("astronaut")
    box = np.array([[180, 60, 300, 200]], np.float32)
    out = blur_faces(img, box)
    face, face_out = img[60:200, 180:300], out[60:200, 180:300]
    assert sharpness(face_out) < 0.2 * sharpness(face)
    grow = 14  # 10% of the larger side (140)
    assert np.array_equal(out[:60 - grow], img[:60 - grow])       # untouched above the grown box
    assert not np.array_equal(out[60 - grow:60], img[60 - grow:60])       # the margin is blurred too


@pytest.mark.parametrize("key", ["../../etc/passwd", "a/b\\c", "", "..", "x" * 500, "ключ"])
def test_safe_names(key, tmp_path):
    name = safe_name(key)  # auditor.thumbnails naming, shared with the HTML report
    assert "/" not in name and "\\" not in name and name not in (".", "..") and len(name) <= 170
    assert name.endswith(".jpg") and (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_distinct_keys_distinct_names():
    assert safe_name("a/b") != safe_name("a_b")


def test_no_faces_no_thumbnail(tmp_path):
    assert write_thumbnail(tmp_path, "k", bundled("coffee"), np.zeros((0, 4))) is None
    assert not any(tmp_path.iterdir())


def test_thumbnail_written_small_and_inside_dir(tmp_path):
    path = write_thumbnail(tmp_path / "thumbs", "../up", bundled("t1"), np.array([[10, 10, 60, 60]]))
    assert path.parent == tmp_path / "thumbs"
    thumb = cv2.imread(str(path))
    assert max(thumb.shape[:2]) == 256
