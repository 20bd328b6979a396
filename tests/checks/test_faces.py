"""FacesCheck end to end: real SCRFD, a webdataset shard and local files built here, every row accounted."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tarfile
from pathlib import Path

import cv2
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faces"))
from model_files import CENTERFACE, DYNAMIC, FAST, model_path  # noqa: E402
from recall_sets import bundled  # noqa: E402

from auditor.checks.faces import FacesCheck, FacesOptions  # noqa: E402
from auditor.checks.registry import check_class  # noqa: E402
from auditor.errors import CheckUnavailable  # noqa: E402
from tests._localhttp import LocalServer, dripping, fast_options, redirect, text  # noqa: E402
from tests._netguard import loopback_only  # noqa: E402,F401 - fixture


def jpeg(name: str, quality: int = 90) -> bytes:
    return cv2.imencode(".jpg", bundled(name), [cv2.IMWRITE_JPEG_QUALITY, quality])[1].tobytes()


def add(tf: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tf.addfile(info, io.BytesIO(data))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """A webdataset shard (as img2dataset writes it) and a folder of local images."""
    root = tmp_path_factory.mktemp("ds")
    shard = root / "shards" / "00000.tar"
    shard.parent.mkdir()
    members = {"000000000": ("t1", "https://example.com/t1.jpg"),
               "000000001": ("coffee", "https://example.com/coffee.jpg"),
               "000000002": ("astronaut", "https://example.com/astronaut.jpg")}
    with tarfile.open(shard, "w") as tf:
        for key, (img, url) in members.items():
            add(tf, f"{key}.jpg", jpeg(img))
            add(tf, f"{key}.json", json.dumps({"url": url, "key": key, "status": "success"}).encode())
            add(tf, f"{key}.txt", b"a caption")
        add(tf, "000000003.jpg", jpeg("camera")[:3000])  # truncated download
        add(tf, "000000004.jpg", b"<html><body>Access denied</body></html>")
    local = root / "data" / "img"
    local.mkdir(parents=True)
    buf = io.BytesIO()
    Image.fromarray(cv2.cvtColor(bundled("astronaut"), cv2.COLOR_BGR2RGB)).convert("CMYK").save(buf, "JPEG")
    (local / "cmyk.jpg").write_bytes(buf.getvalue())
    (local / "gray16.png").write_bytes(
        cv2.imencode(".png", cv2.cvtColor(bundled("camera"), cv2.COLOR_BGR2GRAY).astype(np.uint16) * 257)[1])
    (root / "secret.jpg").write_bytes(jpeg("t1"))
    return root, shard


ROWS = [  # key, url, image_path, expected status, expected faces (None = unknown)
    ("000000000", None, None, "ok", 6),                                     # by key
    ("other-key", "https://example.com/coffee.jpg", None, "ok", 0),         # by URL
    ("000000002", "https://example.com/astronaut.jpg", None, "ok", 1),
    ("000000003", None, None, "error:decode_failed", None),                 # truncated JPEG
    ("000000004", None, None, "error:not_an_image", None),                  # HTML saved as .jpg
    ("no-image", "https://example.com/unknown.jpg", None, "skipped:no_image", None),
    ("cmyk", None, "img/cmyk.jpg", "ok", 1),
    ("gray16", None, "img/gray16.png", "ok", 1),
    ("escape", None, "../secret.jpg", "skipped:path_outside_root", None),
    ("missing", None, "img/nope.jpg", "error:image_not_found", None),
]


def make_batch(rows=ROWS) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict({
        "key": [r[0] for r in rows], "url": [r[1] for r in rows], "image_path": [r[2] for r in rows],
        "source_file": pa.array(["data.parquet"] * len(rows)).dictionary_encode(),
        "row_index": pa.array(range(len(rows)), pa.int64()),
    })


@pytest.fixture(scope="module", params=[CENTERFACE, FAST, DYNAMIC])
def check(request, dataset):
    root, shard = dataset
    path = None if request.param == CENTERFACE else str(model_path(request.param))  # None: bundled default
    c = FacesCheck(FacesOptions(model_path=path, device="cpu",
                                images=[str(shard)], image_root=str(root / "data"),
                                thumbnails_dir=str(root / "run" / "thumbnails")))
    c.open()
    yield c
    c.close()


def test_every_row_accounted_for(check, dataset, tmp_path):
    batch = make_batch()
    out = check.run(batch)
    assert out.schema == FacesCheck.schema() and out.num_rows == batch.num_rows
    pq.write_table(pa.Table.from_batches([out]), tmp_path / "signals.parquet")
    table = pq.read_table(tmp_path / "signals.parquet")
    assert table.num_rows == len(ROWS)
    got = table.to_pylist()
    for row, (key, _, _, status, faces) in zip(got, ROWS, strict=True):
        assert row["image_status"] == status, key
        assert row["face_count"] == faces, key
        if faces is None:
            assert row["face_bboxes"] is None and row["face_max_score"] is None
            continue
        assert len(row["face_bboxes"]) == faces
        assert all(0.0 <= v <= 1.0 for box in row["face_bboxes"] for v in box)
        assert (row["face_max_score"] >= 0.4) if faces else row["face_max_score"] == 0.0
        assert 0.0 <= row["face_max_area_frac"] <= 1.0
        assert row["image_width"] > 0 and row["image_height"] > 0 and len(row["image_sha256"]) == 64


def test_sha256_and_size_are_of_the_original_bytes(check):
    out = check.run(make_batch(ROWS[:1])).to_pylist()[0]
    assert out["image_sha256"] == hashlib.sha256(jpeg("t1")).hexdigest()
    assert (out["image_width"], out["image_height"]) == (1280, 886)


def test_thumbnails_only_for_faces_and_blurred(check, dataset):
    root, _ = dataset
    batch = make_batch([("../../evil/000000000", None, None, "", 0), ("000000001", None, None, "", 0)])
    check.run(make_batch([("000000000", None, None, "", 0), ("000000001", None, None, "", 0)]))
    check.run(batch)
    thumbs = sorted((root / "run" / "thumbnails").iterdir())
    assert thumbs and all(p.parent == root / "run" / "thumbnails" for p in thumbs)
    assert not any("coffee" in p.name or p.name.startswith("000000001") for p in thumbs)
    assert not (root / "evil").exists()


def test_describe_names_model_license_and_speed(check):
    check.run(make_batch(ROWS[:2]))
    d = check.describe()
    path = Path(check.detector.info.path)
    assert d["detector_file"] == path.name
    assert d["detector_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    if check.options.model_path:  # insightface's SCRFD files
        assert d["detector"].startswith("SCRFD") and "non-commercial" in d["detector_warning"]
        assert d["detector_commercial_use"] is False
    else:
        assert (d["detector"], d["detector_license"], d["detector_warning"]) == ("CenterFace", "MIT", None)
    assert d["providers"] == ["CPUExecutionProvider"]
    assert d["threshold"] == 0.4 and d["input_size"] == 640
    assert d["images_per_second"] > 0
    assert d["precision"] == "int8" and d["precision_note"] is None  # CPU default, checked at open
    assert d["workers"] == check.workers() >= 1


def test_results_do_not_depend_on_worker_count(dataset):
    """Workers finish in any order; rows still get their own image's results, in input order."""
    root, shard = dataset
    tables = []
    for workers in (1, 3):
        c = FacesCheck(FacesOptions(model_path=str(model_path(FAST)), device="cpu", images=[str(shard)],
                                    image_root=str(root / "data"), workers=workers))
        tables.append(c.run(make_batch(ROWS * 3)).to_pylist())
        assert c.describe()["workers"] == workers
        c.close()
    assert tables[0] == tables[1]
    assert [r["face_count"] for r in tables[0][:len(ROWS)]] == [r[4] for r in ROWS]


def test_missing_model_file_is_unavailable_with_instructions(tmp_path):
    with pytest.raises(CheckUnavailable, match="--face-model"):
        FacesCheck(FacesOptions(model_path=str(tmp_path / "none.onnx"))).open()


@pytest.mark.parametrize("bad", [{"input_size": 650}, {"threshold": 1.5}, {"device": "tpu"}, {"colour": 1},
                                 {"precision": "int4"}, {"workers": 0}])
def test_bad_options_rejected(bad):
    with pytest.raises(ValidationError):
        FacesOptions(**bad)


def test_registered():
    assert check_class("faces") is FacesCheck


# -- --fetch-images: a real HTTP server on 127.0.0.1 through auditor.net ----------------------------------


FETCH_ROUTES = {
    "/t1.jpg": text(jpeg("t1"), Content_Type="image/jpeg"),
    "/coffee.jpg": text(jpeg("coffee"), Content_Type="image/jpeg"),
    "/page.jpg": text(b"<!doctype html><html><body>a web page</body></html>", Content_Type="text/html"),
    "/noai.jpg": text(jpeg("t1"), Content_Type="image/jpeg", X_Robots_Tag="noai"),
    "/private.jpg": redirect("http://10.0.0.1/t1.jpg"),
    "/huge.jpg": text(b"\xff\xd8" + b"z" * 300_000, Content_Type="image/jpeg"),
    "/slow.jpg": dripping(50),
}
FETCH_ROWS = [  # path (None: no URL), expected status, expected faces
    ("/t1.jpg", "ok", 6), ("/coffee.jpg", "ok", 0), ("/t1.jpg", "ok", 6),
    ("/page.jpg", "error:not_an_image", None), ("/noai.jpg", "skipped:x_robots_noai", None),
    ("/private.jpg", "skipped:blocked_address", None), ("/huge.jpg", "error:too_large", None),
    ("/slow.jpg", "error:timeout", None), (None, "skipped:no_image", None),
]


@pytest.mark.usefixtures("loopback_only")
def test_fetch_images_every_row_accounted():
    with LocalServer(FETCH_ROUTES) as server:
        urls = [server.url(p) if p else None for p, _, _ in FETCH_ROWS]
        check = FacesCheck({"model_path": str(model_path(FAST)), "device": "cpu", "fetch_images": True,
                            "max_image_bytes": 250_000, "net": fast_options(deadline=1.0).model_dump()})
        check.open()
        try:
            out = check.run(pa.RecordBatch.from_pydict({"key": [f"r{i}" for i in range(len(urls))],
                                                        "url": urls}))
        finally:
            check.close()
        described = check.describe()  # as the engine does: after close()
        assert server.count("/t1.jpg") == 1  # the repeated URL was fetched once
    got = out.to_pylist()
    assert len(got) == len(FETCH_ROWS)
    for row, (path, status, faces) in zip(got, FETCH_ROWS, strict=True):
        assert (row["image_status"], row["face_count"]) == (status, faces), path
    assert described["images_fetched"] == 7 and described["user_agent"].startswith("auditor/")


def test_repeated_images_are_processed_once(check):
    rows = [("000000000", None, None, "ok", 6), ("dup", "https://example.com/t1.jpg", None, "ok", 6),
            ("000000000", None, None, "ok", 6), ("cmyk", None, "img/cmyk.jpg", "ok", 1),
            ("cmyk2", None, "img/../img/cmyk.jpg", "ok", 1)]
    before = check.detector.pass_counts["large_face"]
    out = check.run(make_batch(rows)).to_pylist()
    assert [(r["image_status"], r["face_count"]) for r in out] == [(s, f) for *_, s, f in rows]
    assert out[0]["face_bboxes"] == out[1]["face_bboxes"] == out[2]["face_bboxes"]
    assert out[3]["image_sha256"] == out[4]["image_sha256"]
    assert check.detector.pass_counts["large_face"] - before == 2  # two distinct images


def test_open_is_idempotent_and_run_after_close_reopens(dataset):
    root, shard = dataset
    c = FacesCheck({"model_path": str(model_path(FAST)), "device": "cpu", "images": [str(shard)]})
    c.open()
    detector = c.detector
    c.open()
    assert c.detector is detector
    c.close()
    out = c.run(make_batch(ROWS[:1])).to_pylist()
    assert out[0]["face_count"] == 6 and c.detector is detector
    c.close()
    assert c.describe()["images_decoded"] == 1
