"""Benchmark: the faces stage with and without the embedded-rights read (target: <= 5% slower).

Same FacesCheck, same files, same batch; the only difference is `decode_image(..., rights=False)`
patched in for the baseline, so the figure is the cost of reading EXIF/IPTC/XMP (and verifying C2PA
where a file has a manifest) inside the decode pass. Runs alternate chunk by chunk (ABAB / BABA), so
load from other processes hits both about equally.

Images: JPEGs from tests/bench/bench_faces.py's builder (bundled face and no-face photos, 256-1024 px);
every other file is tagged by ExifTool in one call with a realistic rights block (XMP dc:rights,
xmpRights, plus:DataMining, DigitalSourceType; IPTC By-line/Credit/Copyright; EXIF Artist), and one in
20 carries a signed C2PA manifest (c2pa-python, throwaway certificate) - much more metadata than a
web crawl has, so the figure is an upper bound.

Run:  PYTHONPATH=$PWD python3 tests/bench/bench_image_rights.py [--repeats 3] [--quick]
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "images"))
from bench_faces import build_images, default_model  # noqa: E402
from rights_files import DST, PLUS, PLUS_CONFIG, make_signer, sign_c2pa  # noqa: E402

import auditor.checks.faces as faces_module  # noqa: E402
from auditor.checks.faces import FacesCheck, FacesOptions  # noqa: E402
from auditor.images.decode import decode_image  # noqa: E402


def tag_all(root: Path, paths: list[str]) -> None:
    config = root / "plus.config"
    config.write_text(PLUS_CONFIG)
    tags = {"XMP-dc:Rights": "(c) 2024 Example Photo Agency. All rights reserved.",
            "XMP-dc:Creator": "Jane Roe", "XMP-xmpRights:UsageTerms": "Editorial use only",
            "XMP-xmpRights:WebStatement": "https://creativecommons.org/licenses/by-nc/4.0/",
            "XMP-plus:DataMining": PLUS + "DMI-PROHIBITED-AIMLTRAINING",
            "XMP-iptcExt:DigitalSourceType": DST + "digitalCapture",
            "IPTC:By-line": "Jane Roe", "IPTC:Credit": "Example Agency", "IPTC:CopyrightNotice": "(c) Example",
            "EXIF:Artist": "Jane Roe", "EXIF:Copyright": "(c) Example"}
    subprocess.run(["exiftool", "-config", str(config), "-q", "-q", "-overwrite_original", "-m",
                    *[f"-{k}={v}" for k, v in tags.items()], *paths], check=True, timeout=600)


def run(check: FacesCheck, root: Path, paths: list[str], rights: bool) -> tuple[float, float]:
    """(wall seconds, process CPU seconds): CPU time is the steadier figure on a shared machine."""
    faces_module.decode_image = decode_image if rights else functools.partial(_no_rights)
    rel = [os.path.relpath(p, root) for p in paths]
    t, c = time.perf_counter(), time.process_time()
    out = check.run(pa.RecordBatch.from_pydict({"key": rel, "image_path": rel}))
    elapsed = time.perf_counter() - t, time.process_time() - c
    statuses = out.column("image_rights_status").to_pylist()
    assert (statuses.count("ok") == len(rel)) == rights, "the patch did not take"
    return elapsed


def _no_rights(data, **kw):
    kw["rights"] = False
    return decode_image(data, **kw)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    model = default_model()
    print(f"machine: {os.cpu_count()} CPUs shared with other processes (other helpers' tests); "
          f"model {Path(model).name}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = build_images(root, (256, 512) if args.quick else (256, 384, 512, 768, 1024), qualities=(70, 90))
        tagged = paths[::2]
        tag_all(root, tagged)
        signer = make_signer()
        for p in paths[1::20]:
            Path(p).write_bytes(sign_c2pa(Path(p).read_bytes(), "image/jpeg", signer=signer,
                                          training={"c2pa.ai_training": "notAllowed"}))
        check = FacesCheck(FacesOptions(model_path=model, image_root=str(root)))
        check.open()
        run(check, root, paths[:20], True)
        run(check, root, paths[:20], False)
        totals = {True: np.zeros(2), False: np.zeros(2)}
        rng = np.random.default_rng(0)
        order, chunk = list(paths), 40
        for r in range(args.repeats):
            rng.shuffle(order)
            for i in range(0, len(order), chunk):
                part = order[i:i + chunk]
                for rights in ((True, False) if (i // chunk + r) % 2 == 0 else (False, True)):
                    totals[rights] += np.array(run(check, root, part, rights))
        faces_module.decode_image = decode_image
        n = len(paths) * args.repeats
        print(f"{len(paths)} images x {args.repeats} ({len(tagged)} with a full rights block, "
              f"{len(paths[1::20])} C2PA-signed), {check.workers()} workers:")
        for k, label in ((0, "wall"), (1, "per CPU-second")):
            with_, without = n / totals[True][k], n / totals[False][k]
            print(f"  {label}: faces stage without the rights read {without:.1f} img/s | with it {with_:.1f} "
                  f"img/s | ratio {with_ / without:.3f} (cost {100 * (1 - with_ / without):.1f}%)")
        for label, p in (("full rights block", tagged[1]), ("C2PA-signed", paths[1])):
            data = Path(p).read_bytes()
            cost = []
            for rights in (False, True):
                c = time.process_time()
                for _ in range(100):
                    decode_image(data, rights=rights)
                cost.append((time.process_time() - c) * 10)
            print(f"  decode alone, {label} ({len(data) // 1024} kB): {cost[0]:.2f} ms CPU without the read, "
                  f"{cost[1]:.2f} ms with it (+{cost[1] - cost[0]:.2f} ms)")


if __name__ == "__main__":
    main()
