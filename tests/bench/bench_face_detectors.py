"""Benchmark: each face detector family on the same recall sets, with the same recall passes.

For each detector (the bundled CenterFace, SCRFD-500M, SCRFD-2.5G from ../shared/models, or --model
files): image-level recall on tight face crops (insightface #1518, n=128), small faces pasted into
1600/2400 px photos (n=64), the bundled face photos at 256-1024 px (n=18); false-positive images among
the no-face photos at 256-1024 px (n=24) and at 1600/2400 px (n=16, where the second scale runs); and
images/s of `FaceDetector.detect` (one thread, int8 on CPU as the faces stage runs it) over the
web-sized sets and over the large photos; and how well the first pass's sub-threshold peak would gate
the second scale (its separation between small-face and no-face large photos). The ratio column is
against SCRFD-500M - the detector users had to bring before CenterFace shipped - measured in the same
run on the same images.

Ground truth is by construction (tests/faces/recall_sets.py); the face boxes the sets are cut from come
from SCRFD-2.5G in float32 at 1280.

Run:  PYTHONPATH=$PWD python3 tests/bench/bench_face_detectors.py [--only centerface] [--placements 4]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "faces"))

from model_files import DYNAMIC, FAST, model_path  # noqa: E402
from recall_sets import (  # noqa: E402
    large_negatives,
    negatives,
    reference_boxes,
    small_faces,
    tight_crops,
    whole_faces,
)

from auditor.faces.detector import DetectorConfig, FaceDetector  # noqa: E402

DETECTORS = {"centerface": None, "scrfd-500m": FAST, "scrfd-2.5g": DYNAMIC}


def _open(path: Path | None, precision: str, **kw) -> FaceDetector:
    d = FaceDetector(DetectorConfig(path, device="cpu", precision=precision, threads=1, **kw))
    d.open()
    return d


def measure(d: FaceDetector, sets: dict) -> dict:
    out = {}
    for name, samples in sets.items():
        t = time.perf_counter()
        hits = sum(len(d.detect(s.bgr).scores) > 0 for s in samples)
        out[name] = (hits, len(samples), time.perf_counter() - t)
    return out


def gate_separation(d: FaceDetector, small: list, none_large: list) -> str:
    """Could the second scale be gated on the first pass's low-score candidates? The highest raw score
    of the 640 pass (below threshold included) on small-face photos vs no-face photos of the same sizes."""
    def peak(img) -> float:
        p = d.plan_main(img)
        fam = d.family
        outs = fam.session.run(fam.output_names, {fam.input_name: p.blob})
        maps = outs[:1] if fam.name == "centerface" else outs[:fam.model.fmc]
        return float(max(m.max() for m in maps))
    ps, pn = np.array([peak(s.bgr) for s in small]), np.array([peak(s.bgr) for s in none_large])
    cells = [f"gate {g}: runs on {(ps >= g).sum()}/{len(ps)} small-face, {(pn >= g).sum()}/{len(pn)} no-face"
             for g in (0.02, 0.05, 0.1, 0.2)]
    return (f"first-pass peak: small-face median {np.median(ps):.3f} (min {ps.min():.3f}), no-face median "
            f"{np.median(pn):.3f} (max {pn.max():.3f}); " + "; ".join(cells))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", choices=sorted(DETECTORS), help="detectors to run (repeatable)")
    ap.add_argument("--placements", type=int, default=4, help="small faces per scene/size (4: n=64)")
    ap.add_argument("--precision", default="auto", choices=("auto", "fp32", "int8"))
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, shared with other processes (figures are indicative)")
    ref = _open(model_path(DYNAMIC), "fp32", small_face_pass=False, large_face_pass=False, input_size=1280)
    boxes = reference_boxes(lambda img: ref.detect(img).boxes)
    sets = {"tight": tight_crops(boxes), "small": small_faces(boxes, placements=args.placements),
            "whole": whole_faces(), "none": negatives(), "none_large": large_negatives()}
    rows = {}
    for name in args.only or list(DETECTORS):
        file = DETECTORS[name]
        d = _open(None if file is None else model_path(file), args.precision)
        r = measure(d, sets)
        web_n = sum(r[k][1] for k in ("tight", "whole", "none"))
        web_s = sum(r[k][2] for k in ("tight", "whole", "none"))
        big_n, big_s = r["small"][1] + r["none_large"][1], r["small"][2] + r["none_large"][2]
        rows[name] = (r, web_n / web_s, big_n / big_s)
        print(f"{name}: {d.info.name} {d.info.precision}, license {d.info.license}, x{d.max_factor} second scale")
        print(f"  {gate_separation(d, sets['small'], sets['none_large'])}")
    base = rows.get("scrfd-500m")
    print("\n| detector | tight crops | small faces in large photos | whole face photos | FP no-face 256-1024 | "
          "FP no-face 1600-2400 | img/s web-sized | img/s large | ratio vs SCRFD-500M (web / large) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, (r, web, big) in rows.items():
        cells = [f"{r[k][0]}/{r[k][1]}" for k in ("tight", "small", "whole", "none", "none_large")]
        ratio = f"{web / base[1]:.2f}x / {big / base[2]:.2f}x" if base else "-"
        print(f"| {name} | " + " | ".join(cells) + f" | {web:.1f} | {big:.2f} | {ratio} |")


if __name__ == "__main__":
    main()
