"""Item 28 of issue #8: keys and shard names like `../../x`, absolute paths, NUL and 300-byte names.

A run writes thumbnails named after row keys and exports named after the user's --out; none of those
writes may land outside the run (or export) directory, whatever the data says.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tarfile
from pathlib import Path

import cv2
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hostile import scan
from report_support import audit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faces"))
from model_files import FAST, model_path  # noqa: E402
from recall_sets import bundled  # noqa: E402


def hostile_keys(base: Path) -> list[str]:
    return ["../../escaped", str(base / "absolute_target"), "nul\x00byte", "k" * 300, "..", ".",
            "dir/../../../up", "C:\\windows\\x", "../../shard_member"]


def snapshot(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


@pytest.fixture(scope="module")
def thumb_run(tmp_path_factory):
    model = model_path(FAST)
    base = tmp_path_factory.mktemp("paths")
    work = base / "a" / "b" / "c"  # deep enough that ../../ from the run stays inside `base`
    work.mkdir(parents=True)
    face = cv2.imencode(".jpg", bundled("astronaut"))[1].tobytes()
    keys = hostile_keys(base)
    shard = work / "00000.tar"
    with tarfile.open(shard, "w") as tf:
        for i, key in enumerate(keys):
            name = "../../shard_member" if key == "../../shard_member" else f"{i:09d}"
            for member, payload in ((f"{name}.jpg", face),
                                    (f"{name}.json", json.dumps({"url": f"https://example.com/{i}.jpg"}).encode())):
                info = tarfile.TarInfo(member)
                info.size = len(payload)
                tf.addfile(info, io.BytesIO(payload))
    pq.write_table(pa.table({"key": keys, "url": [f"https://example.com/{i}.jpg" for i in range(len(keys))],
                             "caption": ["c"] * len(keys), "status": ["success"] * len(keys),
                             "license": ["CC BY-NC 4.0"] * len(keys)}), work / "meta.parquet")
    before = snapshot(base)
    run = work / "run"
    proc, summary, signals = scan(work / "meta.parquet", run, "--images", shard, "--face-model", model,
                                  "--device", "cpu", "--thumbnails", checks="faces")
    return base, work, run, before, proc, signals


def test_thumbnails_stay_inside_the_run(thumb_run):
    base, work, run, before, proc, signals = thumb_run
    assert proc.returncode in (0, 1), proc.stderr + proc.stdout
    assert signals.column("key").to_pylist() == hostile_keys(base)  # keys kept verbatim in the data
    assert (signals.column("face_count").to_numpy() >= 1).all()  # every row has a face: a thumbnail each
    thumbs = sorted((run / "thumbnails").iterdir())
    assert len(thumbs) == len(hostile_keys(base))  # distinct keys never collide onto one file
    for p in thumbs:
        assert p.parent == run / "thumbnails" and len(p.name.encode()) <= 255 and "\x00" not in p.name
    new = snapshot(base) - before
    outside = [p for p in new if run not in p.parents and p != run]
    assert outside == [], outside
    assert not (base / "absolute_target").exists() and not (base / "a" / "escaped").exists()


def test_export_writes_only_beside_its_out(thumb_run, tmp_path):
    base, work, run, _, _, _ = thumb_run
    out_dir = tmp_path / "export"
    out_dir.mkdir()
    before = snapshot(base) | snapshot(tmp_path)
    proc = audit("export", run, "--drop", "copyright", "--out", out_dir / "clean.parquet")
    assert proc.returncode == 0, proc.stderr
    new = (snapshot(base) | snapshot(tmp_path)) - before
    assert new and all(p.parent == out_dir for p in new), new
    dropped = pq.read_table(out_dir / "clean.dropped.parquet").column("key").to_pylist()
    assert set(dropped) <= set(hostile_keys(base))


def test_long_input_name_default_out_dir(tmp_path):
    name = "x" * 240 + ".parquet"
    pq.write_table(pa.table({"URL": ["https://example.com/a.jpg"], "TEXT": ["a"]}), tmp_path / name)
    proc = audit("scan", name, "--checks", "license", "--quiet", cwd=tmp_path)
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr, proc.stderr[-500:]
    runs = list((tmp_path / "reports").iterdir())
    assert len(runs) == 1 and all(len(p.name.encode()) <= 255 for p in runs[0].rglob("*"))
    assert os.path.commonpath([runs[0], tmp_path]) == str(tmp_path)


def test_hostile_image_paths_are_per_row_statuses(tmp_path):
    """--image-col values with NUL, absolute paths, `../`, 300-byte names: a status each, no crashed batch,
    and nothing outside the dataset folder is read."""
    model = model_path(FAST)
    data = tmp_path / "data"
    (data / "img").mkdir(parents=True)
    face = cv2.imencode(".jpg", bundled("astronaut"))[1].tobytes()
    (data / "img" / "ok.jpg").write_bytes(face)
    (tmp_path / "secret.jpg").write_bytes(face)
    paths = {"img/ok.jpg": "ok", "img/a\x00b.jpg": "skipped:invalid_path",
             str(tmp_path / "secret.jpg"): "skipped:path_outside_root", "../secret.jpg": "skipped:path_outside_root",
             "img/" + "k" * 300 + ".jpg": "error:image_not_found", "\x00": "skipped:invalid_path"}
    pq.write_table(pa.table({"URL": [f"https://example.com/{i}.jpg" for i in range(len(paths))],
                             "TEXT": ["c"] * len(paths), "path": list(paths)}), data / "meta.parquet")
    proc, summary, signals = scan(data / "meta.parquet", tmp_path / "run", "--image-col", "path",
                                  "--face-model", model, "--device", "cpu", checks="faces")
    assert proc.returncode in (0, 1), proc.stderr + proc.stdout
    assert not summary["check_failures"]
    rows = signals.sort_by("row_index").to_pylist()
    assert [r["image_status"] for r in rows] == list(paths.values())
    assert rows[0]["face_count"] >= 1 and all(r["face_count"] is None for r in rows[1:])


def test_export_with_duplicate_ids_drops_only_flagged_rows(tmp_path):
    path = tmp_path / "dup.parquet"
    pq.write_table(pa.table({"SAMPLE_ID": ["1", "1", "2"], "URL": [f"https://example.com/{i}.jpg" for i in range(3)],
                             "TEXT": ["a", "b", "c"], "LICENSE": ["CC0", "All rights reserved", "CC0"]}), path)
    proc, _, signals = scan(path, tmp_path / "run")
    assert proc.returncode in (0, 1), proc.stderr
    flagged = pq.read_table(tmp_path / "run" / "findings.parquet")
    assert flagged.num_rows >= 1 and set(flagged.column("category").to_pylist()) == {"copyright"}
    proc = audit("export", tmp_path / "run", "--drop", "copyright", "--out", tmp_path / "clean.parquet")
    assert proc.returncode == 0, proc.stderr
    assert pq.read_table(tmp_path / "clean.parquet").column("TEXT").to_pylist() == ["a", "c"]
    manifest = json.loads((tmp_path / "clean.manifest.json").read_text())
    assert manifest["rows_dropped"] == 1 and manifest["dropped_rows_by_category"] == {"copyright": 1}
    assert flagged.column("row_index").to_pylist() == [1] * flagged.num_rows
