"""Recall and speed image sets built from images bundled with insightface and scikit-image.

Not a test module: tests and benchmarks import it. Ground truth is by construction: a face crop is
pasted or cropped where we know it is; the source face boxes come from SCRFD-2.5G on the untouched
bundled images (t1: 6 faces, astronaut: 1, camera: 1), which tests assert before using them.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

FACE_SOURCES = ("t1", "astronaut", "camera")
NO_FACE_SOURCES = ("coffee", "chelsea", "rocket", "horse")


def bundled(name: str) -> np.ndarray:
    """A bundled image as BGR uint8."""
    if name == "t1":
        import insightface.data

        return insightface.data.get_image("t1")
    import skimage.data

    img = getattr(skimage.data, name)()
    if img.dtype == bool:
        img = img.astype(np.uint8) * 255
    if img.ndim == 2:
        return cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    return cv2.cvtColor(img, cv2.COLOR_RGB2BGR)


@dataclass(frozen=True)
class Sample:
    name: str
    bgr: np.ndarray
    faces: int  # >= 1: faces present (at least one must be found); 0: none


def face_crops(boxes_by_source: dict[str, np.ndarray], margin: float) -> list[tuple[str, np.ndarray]]:
    """Crops around every reference face, grown by `margin` x the box's larger side."""
    out = []
    for src, boxes in boxes_by_source.items():
        img = bundled(src)
        h, w = img.shape[:2]
        for i, (x1, y1, x2, y2) in enumerate(boxes[:, :4]):
            g = margin * max(x2 - x1, y2 - y1)
            xa, ya = int(max(0, x1 - g)), int(max(0, y1 - g))
            xb, yb = int(min(w, x2 + g)), int(min(h, y2 + g))
            out.append((f"{src}#{i}", img[ya:yb, xa:xb].copy()))
    return out


def jpeg_roundtrip(bgr: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def tight_crops(boxes_by_source, sides=(128, 320, 640, 1024), qualities=(90, 50)) -> list[Sample]:
    """insightface #1518: the face fills the frame (margin 0-10% of the face size)."""
    out = []
    for margin in (0.0, 0.1):
        for name, crop in face_crops(boxes_by_source, margin):
            for side in sides:
                s = side / max(crop.shape[:2])
                img = cv2.resize(crop, (max(1, round(crop.shape[1] * s)), max(1, round(crop.shape[0] * s))))
                for q in qualities:
                    out.append(Sample(f"tight:{name}:m{margin}:{side}:q{q}", jpeg_roundtrip(img, q), 1))
    return out


def small_faces(boxes_by_source, scene_sides=(1600, 2400), face_px=(32, 48), qualities=(90,),
                placements: int = 1) -> list[Sample]:
    """A face whose box is `face_px` on its larger side pasted into a large photo without faces
    (`placements` random face/position draws per scene, side and size): after the shrink to a 640
    input it is 8-19 px, where SCRFD starts to miss."""
    rng = np.random.default_rng(7)
    margin = 0.3
    crops = face_crops(boxes_by_source, margin)
    out = []
    for scene_name in NO_FACE_SOURCES:
        scene0 = bundled(scene_name)
        for side in scene_sides:
            s = side / max(scene0.shape[:2])
            scene = cv2.resize(scene0, (round(scene0.shape[1] * s), round(scene0.shape[0] * s)))
            for px in [p for p in face_px for _ in range(placements)]:
                name, crop = crops[int(rng.integers(len(crops)))]
                k = px * (1 + 2 * margin) / max(crop.shape[:2])
                face = cv2.resize(crop, (max(1, round(crop.shape[1] * k)), max(1, round(crop.shape[0] * k))),
                                  interpolation=cv2.INTER_AREA)
                img = scene.copy()
                y = int(rng.integers(0, img.shape[0] - face.shape[0]))
                x = int(rng.integers(0, img.shape[1] - face.shape[1]))
                img[y:y + face.shape[0], x:x + face.shape[1]] = face
                for q in qualities:
                    label = f"small:{scene_name}:{side}:{px}px:{name}:q{q}"
                    out.append(Sample(label, jpeg_roundtrip(img, q), 1))
    return out


def negatives(sides=(256, 512, 1024), qualities=(90, 50)) -> list[Sample]:
    out = []
    for name in NO_FACE_SOURCES:
        img0 = bundled(name)
        for side in sides:
            s = side / max(img0.shape[:2])
            img = cv2.resize(img0, (round(img0.shape[1] * s), round(img0.shape[0] * s)))
            for q in qualities:
                out.append(Sample(f"none:{name}:{side}:q{q}", jpeg_roundtrip(img, q), 0))
    return out


def whole_faces(sides=(256, 512, 1024), qualities=(90, 50)) -> list[Sample]:
    """The bundled face photos themselves, resized."""
    counts = {"t1": 6, "astronaut": 1, "camera": 1}
    out = []
    for name, n in counts.items():
        img0 = bundled(name)
        for side in sides:
            s = side / max(img0.shape[:2])
            img = cv2.resize(img0, (round(img0.shape[1] * s), round(img0.shape[0] * s)))
            for q in qualities:
                out.append(Sample(f"faces:{name}:{side}:q{q}", jpeg_roundtrip(img, q), n))
    return out


def reference_boxes(detect) -> dict[str, np.ndarray]:
    """Face boxes on the untouched bundled face images; `detect(bgr) -> (N, 4+) array`."""
    return {name: np.asarray(detect(bundled(name))) for name in FACE_SOURCES}


def recall(samples: list[Sample], count_faces) -> dict[str, float]:
    """Image-level recall on samples with faces (and faces found, capped at the true count per image),
    false-positive rate on samples without."""
    pos = [s for s in samples if s.faces > 0]
    neg = [s for s in samples if s.faces == 0]
    found = [count_faces(s.bgr) for s in pos]
    hits = sum(c > 0 for c in found)
    fps = sum(count_faces(s.bgr) > 0 for s in neg)
    return {"positives": len(pos), "recall": hits / len(pos) if pos else float("nan"),
            "faces": sum(s.faces for s in pos),
            "faces_found": sum(min(c, s.faces) for c, s in zip(found, pos, strict=True)),
            "negatives": len(neg), "false_positive_rate": fps / len(neg) if neg else float("nan")}


def large_negatives(sides=(1600, 2400), qualities=(90, 50)) -> list[Sample]:
    """The no-face scenes at the sizes of the small-faces set: where the small-face pass runs, and so
    where its false positives would be."""
    return negatives(sides=sides, qualities=qualities)
