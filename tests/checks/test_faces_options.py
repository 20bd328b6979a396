"""Faces options from the command line and AUDITOR_FACE_MODEL; `audit scan --images` end to end."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import cv2
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faces"))
from model_files import FAST, model_path  # noqa: E402
from recall_sets import bundled  # noqa: E402

from auditor.checks.faces_options import FacesOptions, faces_check_options, image_root  # noqa: E402
from auditor.errors import CheckUnavailable, ConfigError  # noqa: E402
from auditor.faces.catalog import DEFAULT_SHA256  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def opts(tmp_path, env=None, **kw):
    """(images given, the options the flags set): the helper returns the validated model itself."""
    given, model = faces_check_options(inputs=[str(tmp_path / "d.parquet")], out_dir=tmp_path / "run",
                                       env=env or {}, **kw)
    assert model is None or isinstance(model, FacesOptions)
    return given, None if model is None else model.model_dump(exclude_unset=True)


def test_not_asked_means_not_run(tmp_path):
    assert opts(tmp_path) == (False, None)


@pytest.mark.parametrize("kw", [{"images": ["x.tar"]}, {"image_col": "path"}, {"fetch_images": True},
                                {"faces_requested": True}])
def test_no_model_means_the_bundled_default(tmp_path, kw):
    given, o = opts(tmp_path, **kw)
    assert o["model_path"] is None and "detector" not in o


def test_face_detector_flag(tmp_path):
    assert opts(tmp_path, images=["x"], face_detector="centerface")[1]["detector"] == "centerface"
    with pytest.raises(CheckUnavailable, match="--face-detector scrfd needs --face-model"):
        opts(tmp_path, images=["x"], face_detector="scrfd")
    with pytest.raises(ConfigError, match="--face-detector"):
        opts(tmp_path, images=["x"], face_detector="yolo")


def test_env_model_and_flag_precedence(tmp_path):
    model = str(model_path(FAST))
    given, o = opts(tmp_path, env={"AUDITOR_FACE_MODEL": model}, image_col="path")
    assert given and o["model_path"] == model and o["image_root"] == str(tmp_path)
    with pytest.raises(CheckUnavailable, match="does not exist"):
        opts(tmp_path, env={"AUDITOR_FACE_MODEL": model}, image_col="path", face_model=str(tmp_path / "x.onnx"))


def test_thumbnails_and_fetch_options(tmp_path):
    _, o = opts(tmp_path, face_model=str(model_path(FAST)), fetch_images=True, thumbnails=True,
                allow_private_network=True, user_agent_contact="ops@example.org")
    assert o["thumbnails_dir"] == str(tmp_path / "run" / "thumbnails")
    assert o["net"]["allow_private_network"] and "ops@example.org" in o["net"]["user_agent"]


@pytest.mark.parametrize("kw,flag", [({"threshold": 2.0}, "--face-threshold"),
                                     ({"input_size": 100}, "--face-input-size"), ({"device": "tpu"}, "--device"),
                                     ({"precision": "fp16"}, "--face-precision")])
def test_bad_values_are_config_errors_naming_the_flag(tmp_path, kw, flag):
    with pytest.raises(ConfigError) as exc:
        opts(tmp_path, face_model=str(model_path(FAST)), images=["x"], **kw)
    assert exc.value.column == flag


def test_precision_passes_through(tmp_path):
    _, o = opts(tmp_path, face_model=str(model_path(FAST)), images=["x"], precision="fp32")
    assert o["precision"] == "fp32"
    assert "precision" not in opts(tmp_path, face_model=str(model_path(FAST)), images=["x"])[1]


def test_image_root(tmp_path):
    assert image_root([str(tmp_path)]) == str(tmp_path)
    assert image_root([str(tmp_path / "a.parquet")]) == str(tmp_path)


def _dataset(root: Path) -> None:
    rows = []
    with tarfile.open(root / "00000.tar", "w") as tf:
        for k, name in enumerate(["t1", "coffee", "astronaut"]):
            key, url = f"{k:09d}", f"https://example.com/{name}.jpg"
            for member, data in ((f"{key}.jpg", cv2.imencode(".jpg", bundled(name))[1].tobytes()),
                                 (f"{key}.json", json.dumps({"url": url}).encode()), (f"{key}.txt", b"x")):
                info = tarfile.TarInfo(member)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
            rows.append({"key": key, "url": url, "caption": "a photo", "status": "success"})
    rows.append({"key": "000000009", "url": "https://example.com/gone.jpg", "caption": "x",
                 "status": "failed_to_download"})
    pq.write_table(pa.Table.from_pylist(rows), root / "00000.parquet")
    (root / "faces.yaml").write_text(
        "schema_version: 1\nname: faces-test\nrules:\n  - id: HUMAN-FACES-DETECTED\n    title: Faces\n"
        "    category: human_subjects\n    severity: medium\n    when: \"face_count > 0\"\n"
        "    message: Faces.\n    how_to_fix: Review.\n")


def scan(root: Path, *args):
    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_FACE_MODEL"}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-m", "auditor", "scan", "00000.parquet", "--checks", "license,faces",
                           "--out", "run", "--quiet", "--policy", "faces.yaml", *map(str, args)],
                          cwd=root, capture_output=True, text=True, timeout=300, env=env)


def test_audit_scan_with_images_end_to_end(tmp_path):
    _dataset(tmp_path)
    proc = scan(tmp_path, "--images", "00000.tar", "--face-model", model_path(FAST), "--thumbnails")
    assert proc.returncode == 0, proc.stderr
    signals = pq.read_table(tmp_path / "run" / "signals.parquet").to_pylist()
    got = {r["key"]: (r["image_status"], r["face_count"]) for r in signals}
    assert got == {"000000000": ("ok", 6), "000000001": ("ok", 0), "000000002": ("ok", 1),
                   "000000009": ("skipped:no_image", None)}
    findings = pq.read_table(tmp_path / "run" / "findings.parquet").to_pylist()
    assert sorted(f["key"] for f in findings) == ["000000000", "000000002"]
    assert len(list((tmp_path / "run" / "thumbnails").iterdir())) == 2
    faces = json.loads((tmp_path / "run" / "summary.json").read_text())["checks"]["faces"]
    assert faces["detector_commercial_use"] is False and "non-commercial" in faces["detector_warning"]
    assert "Warning (face detector license)" in (tmp_path / "run" / "report.md").read_text()
    assert 'id="detector-warning"' in (tmp_path / "run" / "report.html").read_text()


def test_precision_and_workers_flags_reach_the_summary(tmp_path):
    _dataset(tmp_path)
    proc = scan(tmp_path, "--images", "00000.tar", "--face-model", model_path(FAST), "--face-precision", "fp32",
                "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    faces = json.loads((tmp_path / "run" / "summary.json").read_text())["checks"]["faces"]
    assert (faces["precision"], faces["workers"], faces["images_decoded"]) == ("fp32", 1, 3)


def test_bad_precision_is_exit_2_naming_the_flag(tmp_path):
    _dataset(tmp_path)
    proc = scan(tmp_path, "--images", "00000.tar", "--face-model", model_path(FAST), "--face-precision", "fp16")
    assert proc.returncode == 2 and "--face-precision" in proc.stderr


def test_fresh_install_finds_faces_with_the_bundled_mit_detector(tmp_path):
    """No --face-model, no AUDITOR_FACE_MODEL, no shared folder: the bundled CenterFace finds the six
    people of insightface's t1 and skimage's astronaut, and every output names its MIT license."""
    _dataset(tmp_path)
    proc = scan(tmp_path, "--images", "00000.tar")
    assert proc.returncode == 0, proc.stderr
    signals = pq.read_table(tmp_path / "run" / "signals.parquet").to_pylist()
    got = {r["key"]: (r["image_status"], r["face_count"], r["face_detector_commercial"]) for r in signals}
    assert got == {"000000000": ("ok", 6, True), "000000001": ("ok", 0, True), "000000002": ("ok", 1, True),
                   "000000009": ("skipped:no_image", None, None)}
    faces = json.loads((tmp_path / "run" / "summary.json").read_text())["checks"]["faces"]
    assert (faces["detector"], faces["detector_license"], faces["detector_bundled"]) == ("CenterFace", "MIT", True)
    assert faces["detector_sha256"] == DEFAULT_SHA256 and faces["detector_warning"] is None
    for report in ("report.md", "report.html"):
        text = (tmp_path / "run" / report).read_text()
        assert "CenterFace" in text and "MIT" in text and DEFAULT_SHA256 in text
        assert "Warning (face detector license)" not in text


def test_scan_help_names_the_default_detector_and_its_license():
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "400"}
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", "--help"], capture_output=True, text=True,
                          timeout=60, env=env)
    flat = " ".join(proc.stdout.replace("│", " ").split())
    assert "CenterFace, license MIT" in flat and DEFAULT_SHA256 in flat and "--face-detector" in flat


@pytest.mark.parametrize("model,fails", [(None, False), (FAST, True)])
def test_commercial_release_refuses_a_non_commercial_detector(tmp_path, model, fails):
    _dataset(tmp_path)
    args = ["--images", "00000.tar", "--policy", str(REPO / "rules" / "commercial-release.yaml")]
    proc = scan(tmp_path, *args, *(["--face-model", model_path(model)] if model else []))
    assert proc.returncode in (0, 1), proc.stderr
    findings = pq.read_table(tmp_path / "run" / "findings.parquet").to_pylist()
    keys = {f["key"] for f in findings if f["rule_id"] == "COMMERCIAL-FACES-DETECTOR-NOT-CLEARED"}
    assert keys == ({"000000000", "000000001", "000000002"} if fails else set())


def test_dataset_face_counts_are_compared_in_rules_and_report(tmp_path):
    """COYO's num_faces vs our detector: both kinds of disagreement become findings and a report table."""
    _dataset(tmp_path)  # the shard: 000000000 = t1 (6 faces), 000000001 = coffee (0), 000000002 = astronaut (1)
    names = ["t1", "coffee", "astronaut"]
    pq.write_table(pa.table({"id": ["a", "b", "c"], "url": [f"https://example.com/{n}.jpg" for n in names],
                             "text": ["x", "y", "z"], "num_faces": pa.array([0, 2, 1], pa.int64())}),
                   tmp_path / "coyo.parquet")
    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_FACE_MODEL"}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", "coyo.parquet", "--checks", "license,faces",
                           "--out", "run", "--quiet", "--images", "00000.tar", "--face-model", str(model_path(FAST))],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    findings = pq.read_table(tmp_path / "run" / "findings.parquet").to_pylist()
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f["rule_id"], set()).add(f["key"])
    assert by_rule["HUMAN-FACES-MISSED-BY-DATASET"] == {"a"}
    assert by_rule["HUMAN-FACES-NOT-CONFIRMED"] == {"b"}
    assert by_rule["HUMAN-FACES-IN-DATA"] == {"b", "c"}
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["signals"]["faces_vs_dataset"] == {"both_known": 3, "agree_presence": 1, "detector_only": 1,
                                                      "dataset_only": 1, "count_differs": 2}
    md = (tmp_path / "run" / "report.md").read_text()
    assert "our detector vs the dataset's own annotation, on the 3 rows" in md
    assert "| our detector found faces, the dataset says none | 1 | 33.33% |" in md
    assert "Faces: our detector vs the dataset" in (tmp_path / "run" / "report.html").read_text()
