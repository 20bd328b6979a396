"""RAI sentences with faces measured: a real img2dataset shard (bundled photos), the real SCRFD detector.

Faces change three fields: personalSensitiveInformation (share of images with faces), dataLimitations
(the detector's license) and machineAnnotationTools (the detector file and its sha256).
"""

import os
import subprocess
import sys
from pathlib import Path

from croissant_support import load, validate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checks"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faces"))
from model_files import FAST, model_path  # noqa: E402
from test_faces_options import _dataset  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SCRFD_500M_SHA256 = "b467f878e26ff1e7ee05cd9936fdff63fa2a5af5d732ed17ee231f2dd5cc07ae"  # shared/README.md


def test_faces_fill_three_fields(tmp_path):
    _dataset(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "AUDITOR_FACE_MODEL"}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run([sys.executable, "-m", "auditor", "scan", "00000.parquet", "--checks", "license,faces",
                           "--out", "run", "--quiet", "--images", "00000.tar", "--face-model", str(model_path(FAST)),
                           "--croissant"], cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    doc = load(tmp_path / "run" / "croissant.json")
    assert not validate(tmp_path / "run" / "croissant.json").ctx.issues.errors
    psi = doc["rai:personalSensitiveInformation"][0]
    # 3 shard images (6, 0 and 1 faces) and one row whose image was never downloaded
    assert "images with at least one detected face: 2 of 3 (66.67%) of the images that could be analysed " \
           "(3 of 4 rows)" in psi
    assert "personal information in captions not measured (pii check not run)" in psi
    assert any(SCRFD_500M_SHA256 in t and FAST in t for t in doc["rai:machineAnnotationTools"])
    assert any("non-commercial research" in t for t in doc["rai:dataLimitations"])
    assert "rows whose image could be read: 3 of 4 (75.00%)" in doc["rai:dataCollectionMissingData"]
    assert "skipped:no_image 1" in doc["rai:dataCollectionMissingData"]
