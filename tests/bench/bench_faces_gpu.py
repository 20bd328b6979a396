"""Benchmark for a CUDA machine: faces-stage images/s from img2dataset webdataset shards.

What is timed: FacesCheck.run over rows matched by key to images in `.tar` shards - tar reads, sha256,
Pillow decode and detection in a pool of `--workers` threads, letterbox to a fixed 640x640 (no cuDNN
re-benchmarking per shape), SCRFD on the CUDAExecutionProvider, recall passes. JPEG decoding itself
stays on the CPU (no nvJPEG path yet). The same run on `--device cpu` is the baseline when
`--compare-cpu` is given (same images, same process).

`--device cuda` fails loudly (exit 2) when onnxruntime-gpu is missing or the session falls back to the
CPU, so a figure from this script is always a GPU figure.

Each detector family runs in turn (the bundled CenterFace, then the SCRFD files of ../shared/models), or
only `--model`.

Run (CUDA machine, `pip install -e '.[gpu,test]'`):
    PYTHONPATH=$PWD python3 tests/bench/bench_faces_gpu.py --images 4000 --workers 12 --compare-cpu
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import cv2
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "faces"))

from recall_sets import FACE_SOURCES, NO_FACE_SOURCES, bundled  # noqa: E402

from auditor.checks.faces import FacesCheck, FacesOptions  # noqa: E402
from auditor.errors import AuditError  # noqa: E402


def write_shards(out: Path, n_images: int, per_shard: int = 1000) -> list[str]:
    """img2dataset-style shards: `<key>.jpg` + `<key>.json` (url) + `<key>.txt`; keys 000000000.."""
    sources = [bundled(s) for s in FACE_SOURCES + NO_FACE_SOURCES]
    sides, qualities = (256, 384, 512, 768, 1024, 1600), (60, 80, 95)
    keys = []
    tf = None
    for i in range(n_images):
        if i % per_shard == 0:
            if tf:
                tf.close()
            tf = tarfile.open(out / f"{i // per_shard:05d}.tar", "w")
        img = sources[i % len(sources)]
        side = sides[(i // len(sources)) % len(sides)]
        s = side / max(img.shape[:2])
        img = cv2.resize(img, (max(1, round(img.shape[1] * s)), max(1, round(img.shape[0] * s))))
        quality = [cv2.IMWRITE_JPEG_QUALITY, qualities[i % len(qualities)]]
        data = cv2.imencode(".jpg", img, quality)[1].tobytes()
        key = f"{i:09d}"
        for name, payload in ((f"{key}.jpg", data), (f"{key}.txt", b"caption"),
                              (f"{key}.json", json.dumps({"key": key, "url": f"https://example.com/{key}.jpg"}).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tf.addfile(info, io.BytesIO(payload))
        keys.append(key)
    if tf:
        tf.close()
    return keys


def measure(device: str, model: str | None, shards: str, keys: list[str], threads: int,
            batch: int) -> tuple[float, dict]:
    opts = FacesOptions(model_path=model, device=device, images=[shards], workers=threads)
    check = FacesCheck(opts)
    check.open()
    check.run(pa.RecordBatch.from_pydict({"key": keys[:64]}))  # warm-up: session init, CUDA kernels
    t = time.perf_counter()
    for i in range(0, len(keys), batch):
        part = keys[i:i + batch]
        out = check.run(pa.RecordBatch.from_pydict({"key": part}))
        assert out.num_rows == len(part)
    rate = len(keys) / (time.perf_counter() - t)
    info = check.describe()
    check.close()
    return rate, info


def models(given: str | None) -> list[str | None]:
    """--model, or every family: the bundled CenterFace (None) and the SCRFD files in ../shared/models."""
    if given:
        return [given]
    out: list[str | None] = [None]
    for name in ("scrfd_500m_bnkps.onnx", "scrfd_2.5g.onnx"):
        for parent in ROOT.parents:
            cand = parent / "shared" / "models" / name
            if cand.is_file():
                out.append(str(cand))
                break
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.environ.get("AUDITOR_FACE_MODEL"),
                    help="one detector file (default: each family: bundled CenterFace, shared SCRFD files)")
    ap.add_argument("--device", default="cuda", choices=["cuda", "cpu", "auto"])
    ap.add_argument("--images", type=int, default=4000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--compare-cpu", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        keys = write_shards(Path(tmp), args.images)
        shards = os.path.join(tmp, "*.tar")
        print(f"{len(keys)} images in webdataset shards; {os.cpu_count()} CPUs")
        for model in models(args.model):
            try:
                rate, info = measure(args.device, model, shards, keys, args.workers, args.batch)
            except AuditError as exc:
                print(f"cannot run on {args.device}: {exc}", file=sys.stderr)
                return 2
            print(f"[{args.device}] {info['detector']} ({info['detector_license']}): {rate:.1f} images/s "
                  f"(workers {args.workers}); providers {info['providers']}; passes {info['passes_run']}")
            if args.compare_cpu and args.device != "cpu":
                cpu_rate, _ = measure("cpu", model, shards, keys, args.workers, args.batch)
                print(f"[cpu, same run] {cpu_rate:.1f} images/s; ratio {rate / cpu_rate:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
