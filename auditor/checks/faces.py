"""Faces in row images: how many, how sure, how large - the human-subjects signal.

Each row's image is found by `image_path` (local file), by key or URL in `--images` (img2dataset shards
or `files` folders), or fetched by URL with `--fetch-images`. A row without an image is *unknown*: nulls
and `image_status = skipped:no_image`, never "0 faces". Each of `workers` threads (one per core by
default) reads, decodes and detects one image at a time: Pillow, OpenCV and ONNX Runtime release the GIL,
and one single-threaded inference per core keeps every core busy without the hand-offs of one
multi-threaded inference (which measured ~10% slower here). See auditor.faces.detector for the recall
passes and the int8 weights.

Signals: `face_count`, `face_max_score`, `face_max_area_frac` (0 when the image has no face),
`face_bboxes` ([x1, y1, x2, y2] normalized to the image, as DataComp stores them), `image_status`,
`image_sha256`, `image_width`, `image_height` (original size, after EXIF orientation), and the
image_rights signals (auditor.checks.image_rights), read from the same open image; and
`face_detector_commercial`: whether the detector that produced the row's faces signals is licensed for
commercial use (null where its terms are unknown or no faces signals exist), so a commercial-release
policy can refuse findings made with a non-commercial model (rules/commercial-release.yaml).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from auditor.checks.base import Check
from auditor.checks.faces_options import FacesOptions
from auditor.checks.image_rights import SIGNALS as RIGHTS_SIGNALS
from auditor.checks.image_rights import rights_columns
from auditor.cores import default_workers
from auditor.faces.blur import write_thumbnail
from auditor.faces.detector import DetectorConfig, FaceDetector, Faces
from auditor.faces.license import detector_facts
from auditor.images.decode import (
    NO_IMAGE,
    OK,
    DecodedImage,
    decode_image,
    install_bomb_guard,
)
from auditor.images.fetch import ImageFetcher
from auditor.images.sources import (
    ImageIndex,
    ImageRef,
    dataset_dir,
    read_ref,
    resolve_local,
)
from auditor.sources.canonical import as_plain_strings
from auditor.stats import Stats

FETCH_CHUNK = 64
#: (row, decode outcome without its pixels, faces with boxes normalized to the image; None unless decoded)
Prepared = tuple[int, DecodedImage, Faces | None]
#: (row, where the image is or its bytes, thumbnail name or None)
Job = tuple[int, ImageRef | bytes, str | None]


def _strings(batch: pa.RecordBatch, name: str) -> list[str | None]:
    if name not in batch.schema.names:
        return [None] * batch.num_rows
    return as_plain_strings(batch.column(batch.schema.get_field_index(name))).to_pylist()


class FacesCheck(Check):
    name = "faces"
    #: key: thumbnail names; source_file: local image paths resolve next to their dataset file
    input_columns = ("key", "source_file", "url", "id", "image_path", "license")
    signals = {
        "face_count": pa.int32(),
        "face_max_score": pa.float32(),
        "face_max_area_frac": pa.float32(),
        "face_bboxes": pa.list_(pa.list_(pa.float32())),
        "image_status": pa.string(),
        "image_sha256": pa.string(),
        "image_width": pa.int32(),
        "image_height": pa.int32(),
        **RIGHTS_SIGNALS,
        "face_detector_commercial": pa.bool_(),
    }
    Options = FacesOptions

    def __init__(self, options: FacesOptions | dict | None = None, *, resolver=None) -> None:
        super().__init__(options)  # CheckOptions.from_values: the one validation
        self._resolver = resolver  # tests stub DNS for --fetch-images; production uses getaddrinfo
        self.fetcher: ImageFetcher | None = None
        self.detector: FaceDetector | None = None
        self.index: ImageIndex | None = None
        self.pool: ThreadPoolExecutor | None = None
        self.seconds = 0.0
        self.images = 0
        self.fetched = 0
        self.statuses: Counter[str] = Counter()
        self.rights_statuses: Counter[str] = Counter()

    def open(self) -> None:
        """Idempotent; after close() it reopens what close() released (thread pool, fetcher)."""
        if self.pool is not None:
            return
        o = self.options
        install_bomb_guard()
        workers = self.workers()
        if self.detector is None:
            self.detector = FaceDetector(DetectorConfig(
                model_path=Path(o.model_path) if o.model_path else None, family=o.detector, device=o.device,
                input_size=o.input_size, threshold=o.threshold,
                threads=o.inference_threads or (1 if workers > 1 else None), precision=o.precision,
                small_face_pass=o.recall_passes, large_face_pass=o.recall_passes,
                small_face_max_factor=o.small_face_max_factor))
            self.detector.open()
            self.index = ImageIndex.build(o.images) if o.images else None
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="auditor-faces")
        if o.fetch_images:
            self.fetcher = ImageFetcher(o.net, o.max_image_bytes, resolver=self._resolver)
            self.fetcher.open()

    def workers(self) -> int:
        return self.options.workers or default_workers()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.fetcher is not None:
            self.fetcher.close()
            self.fetched += self.fetcher.requested  # describe() runs after close() in the engine
            self.fetcher = None

    # -- per row: where is the image -----------------------------------------------------------------
    def _locate(self, batch: pa.RecordBatch) -> tuple[list[ImageRef | None], list[str | None], list[int],
                                                      list[str | None], np.ndarray]:
        """Per row: where its image is (or why there is none). Rows sharing an image (same file, shard
        member or URL - web datasets repeat them) point at one representative row via `rep`, so each
        distinct image is read, fetched, decoded and detected once per batch."""
        n = batch.num_rows
        rep = np.arange(n)
        first: dict[object, int] = {}
        keys = _strings(batch, "key")
        ids, urls, paths = _strings(batch, "id"), _strings(batch, "url"), _strings(batch, "image_path")
        sources = _strings(batch, "source_file")
        refs: list[ImageRef | None] = [None] * n
        status: list[str | None] = [None] * n
        to_fetch: list[int] = []
        roots = self.index.roots if self.index else []
        for i in range(n):
            if paths[i]:
                base = dataset_dir(sources[i], self.options.image_root)
                refs[i], status[i] = resolve_local(paths[i], base, roots)
                if refs[i] is not None:
                    rep[i] = first.setdefault(refs[i], i)
                    if rep[i] != i:
                        refs[i] = None
                continue
            if self.index is not None:
                refs[i] = self.index.find(keys[i], urls[i]) or self.index.find(ids[i], None)
            if refs[i] is None:
                if self.options.fetch_images and urls[i]:
                    rep[i] = first.setdefault(("url", urls[i]), i)
                    if rep[i] == i:
                        to_fetch.append(i)
                else:
                    status[i] = NO_IMAGE
            else:
                rep[i] = first.setdefault(refs[i], i)
                if rep[i] != i:
                    refs[i] = None
        return refs, status, to_fetch, urls, rep

    # -- workers ---------------------------------------------------------------------------------
    def _process(self, source: ImageRef | bytes, thumbnail: str | None) -> tuple[DecodedImage, Faces | None]:
        """One image, start to end, in a worker thread; the pixels do not outlive it (memory stays at
        a few decoded images however deep the window)."""
        if isinstance(source, bytes):
            data, status = source, None
        else:
            data, status = read_ref(source, self.options.max_image_bytes)
        if status is not None:
            return DecodedImage(status), None
        det = self.detector
        decoded = decode_image(data, max_pixels=self.options.max_pixels,
                               target_side=round(det.square * det.max_factor), rights=True)
        if decoded.status != OK:
            return decoded, None
        faces = det.detect(decoded.bgr)
        if thumbnail is not None and len(faces.scores):
            write_thumbnail(Path(self.options.thumbnails_dir), thumbnail, decoded.bgr, faces.boxes)
        h, w = decoded.bgr.shape[:2]
        return replace(decoded, bgr=None), faces.normalized(w, h)

    def _pipeline(self, jobs: list[Job]) -> Iterator[Prepared]:
        """Work ahead in the pool (bounded window, so memory holds a few images), yield in order."""
        window: deque[tuple[int, Future]] = deque()
        depth = 2 * self.workers() + 2
        it = iter(jobs)
        for row, src, thumb in it:
            window.append((row, self.pool.submit(self._process, src, thumb)))
            if len(window) >= depth:
                break
        while window:
            row, fut = window.popleft()
            nxt = next(it, None)
            if nxt is not None:
                window.append((nxt[0], self.pool.submit(self._process, nxt[1], nxt[2])))
            yield (row, *fut.result())

    def _jobs(self, refs, to_fetch, urls, thumbs) -> Iterator[Prepared]:
        chunks = [to_fetch[s:s + FETCH_CHUNK] for s in range(0, len(to_fetch), FETCH_CHUNK)]
        ahead = self.fetcher.submit([urls[i] for i in chunks[0]]) if chunks else None
        yield from self._pipeline([(i, r, thumbs[i]) for i, r in enumerate(refs) if r is not None])
        for k, rows in enumerate(chunks):
            fetched = ahead.result()
            if k + 1 < len(chunks):  # download the next chunk while this one is decoded and detected
                ahead = self.fetcher.submit([urls[i] for i in chunks[k + 1]])
            ok = []
            for i, (data, st) in zip(rows, fetched, strict=True):
                if st is not None:
                    yield i, DecodedImage(st), None
                else:
                    ok.append((i, data, thumbs[i]))
            yield from self._pipeline(ok)

    # -- the batch -----------------------------------------------------------------------------------
    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        self.open()
        n = batch.num_rows
        t0 = time.perf_counter()
        refs, status, to_fetch, urls, rep = self._locate(batch)
        count = np.zeros(n, np.int32)
        max_score = np.zeros(n, np.float32)
        max_area = np.zeros(n, np.float32)
        bboxes: list[list[list[float]] | None] = [None] * n
        sha: list[str | None] = [None] * n
        width: list[int | None] = [None] * n
        height: list[int | None] = [None] * n
        rights: list = [None] * n
        known = np.zeros(n, bool)
        thumbs: list[str | None] = [None] * n
        if self.options.thumbnails_dir:
            thumbs = [k or f"row-{i}" for i, k in enumerate(_strings(batch, "key"))]
        for i, decoded, faces in self._jobs(refs, to_fetch, urls, thumbs):
            status[i], sha[i] = decoded.status, decoded.sha256
            width[i], height[i], rights[i] = decoded.width, decoded.height, decoded.rights
            if faces is None:
                continue
            known[i] = True
            self.images += 1
            self._fill(i, faces, count, max_score, max_area, bboxes)
        dup = np.flatnonzero(rep != np.arange(n))
        if dup.size:  # rows that share an image get its results
            count, max_score, max_area, known = count[rep], max_score[rep], max_area[rep], known[rep]
            for i in dup:
                r = rep[i]
                status[i], sha[i], width[i], height[i], bboxes[i] = status[r], sha[r], width[r], height[r], bboxes[r]
                rights[i] = rights[r]
        self.statuses.update(s or NO_IMAGE for s in status)
        self.seconds += time.perf_counter() - t0
        arrays = [
            pa.array(count, pa.int32(), mask=~known), pa.array(max_score, pa.float32(), mask=~known),
            pa.array(max_area, pa.float32(), mask=~known),
            pa.array(bboxes, self.signals["face_bboxes"]),
            pa.array([s or NO_IMAGE for s in status], pa.string()),
            pa.array(sha, pa.string()), pa.array(width, pa.int32()), pa.array(height, pa.int32()),
            *rights_columns(rights, [s or NO_IMAGE for s in status], _strings(batch, "license"),
                            self.rights_statuses),
            self._detector_commercial(known),
        ]
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema())

    def _detector_commercial(self, known: np.ndarray) -> pa.Array:
        terms = self.detector.info.commercial_use
        if terms is None:
            return pa.nulls(len(known), pa.bool_())
        return pa.array(np.full(len(known), terms), pa.bool_(), mask=~known)

    @staticmethod
    def _fill(i: int, faces: Faces, count, max_score, max_area, bboxes) -> None:
        norm = faces.boxes
        order = np.argsort(-faces.scores, kind="stable")
        bboxes[i] = np.round(norm[order], 5).tolist()
        count[i] = len(faces.scores)
        if len(faces.scores):
            max_score[i] = float(faces.scores.max())
            areas = (norm[:, 2] - norm[:, 0]) * (norm[:, 3] - norm[:, 1])
            max_area[i] = float(areas.max())

    #: timings are per process
    volatile_facts = ("images_per_second",)

    def counters(self) -> Stats:
        return Stats({"images_decoded": self.images, "seconds": self.seconds,
                      "image_statuses": self.statuses, "image_rights_statuses": self.rights_statuses,
                      "images_fetched": self.fetched + (self.fetcher.requested if self.fetcher else 0),
                      "passes_run": dict(self.detector.pass_counts) if self.detector else {}})

    def describe(self, stats: Stats | None = None) -> dict[str, Any]:
        o, det = self.options, self.detector
        info = det.info if det else None
        s = self.counters() if stats is None else stats
        return {
            **detector_facts(info, o.model_path),
            "input_size": o.input_size,
            "threshold": o.threshold,
            "providers": det.providers if det else None,
            "size_agnostic_session": info.size_agnostic if info else None,
            "precision": info.precision if info else None,
            "precision_note": info.precision_note if info else None,
            "workers": self.workers(),
            "recall_passes": o.recall_passes,
            "small_face_max_factor": det.max_factor if det and det.family else o.small_face_max_factor,
            "passes_run": s.get("passes_run", {}) if det or stats is not None else None,
            "images_decoded": s.get("images_decoded"),
            "images_per_second": round(s.get("images_decoded") / s.get("seconds"), 2) if s.get("seconds") else None,
            "image_statuses": dict(s.get("image_statuses", {})),
            "image_rights_statuses": dict(s.get("image_rights_statuses", {})),
            "images_fetched": s.get("images_fetched"),
            "user_agent": o.net.user_agent if o.fetch_images else None,
        }
