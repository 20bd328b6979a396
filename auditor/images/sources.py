"""Find the image of a row: in img2dataset outputs (by key or URL), or at a local path in a column.

img2dataset writes either webdataset shards (`00000.tar` holding `<key>.jpg|png|webp`, `<key>.json`,
`<key>.txt`) or the `files` layout (folders of `<key>.jpg` beside `<key>.json`). Both are indexed once,
reading only tar headers and the small per-sample `.json` files (for the `url`, so a metadata parquet
whose keys differ from the shards' still matches by URL). Image bytes are read from their offset when
the row is processed, so memory holds an index, never the images.

Local paths (`image_path`, from `--image-col`) are resolved relative to the dataset file's directory and
must stay inside that directory or one of the `--images` roots after symlinks are resolved: a dataset is
untrusted input, and a row saying `/etc/shadow` or `../../home/x/.ssh/id_rsa` must not make the auditor
hash or thumbnail a file the dataset does not own. Such rows get `skipped:path_outside_root`.
"""

from __future__ import annotations

import glob
import json
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError

IMAGE_EXTS = ("jpg", "jpeg", "png", "webp", "gif")
MAX_JSON_BYTES = 1 << 20
DEFAULT_MAX_BYTES = 50 << 20

PATH_OUTSIDE_ROOT = "skipped:path_outside_root"
IMAGE_NOT_FOUND = "error:image_not_found"
TOO_LARGE = "skipped:image_too_large"
READ_FAILED = "error:image_read_failed"
INVALID_PATH = "skipped:invalid_path"


@dataclass(frozen=True)
class ImageRef:
    """Where an image's bytes are: a whole file, or `size` bytes at `offset` inside a tar shard."""

    path: str
    offset: int = 0
    size: int = -1


def _split_name(name: str) -> tuple[str, str]:
    """webdataset naming: the key is the path up to the first dot of the base name."""
    head, base = os.path.split(name)
    stem, _, ext = base.partition(".")
    return (os.path.join(head, stem) if head else stem), ext.lower()


def _expand(spec: str) -> list[str]:
    if any(ch in spec for ch in "*?["):
        found = sorted(glob.glob(spec))
        if not found:
            raise InputError(f"--images pattern {spec!r} matches no file")
        return found
    if not os.path.exists(spec):
        raise InputError(f"--images path {spec!r} does not exist")
    return [spec]


class ImageIndex:
    """key -> image and url -> image over img2dataset shard tars and `files` folders."""

    def __init__(self) -> None:
        self.by_key: dict[str, ImageRef] = {}
        self.by_url: dict[str, ImageRef] = {}
        self.roots: list[str] = []

    @classmethod
    def build(cls, specs: list[str]) -> ImageIndex:
        index = cls()
        for spec in specs:
            for path in _expand(spec):
                index.roots.append(os.path.realpath(path if os.path.isdir(path) else os.path.dirname(path)))
                if os.path.isdir(path):
                    index._add_folder(path)
                elif path.endswith(".tar"):
                    index._add_tar(path)
                else:
                    raise InputError(f"--images {path!r}: expected a folder or an uncompressed .tar shard")
        return index

    def __len__(self) -> int:
        return len(self.by_key)

    def _link(self, key: str, ref: ImageRef, urls: dict[str, str]) -> None:
        self.by_key[key] = ref
        base = key.rsplit("/", 1)[-1]
        self.by_key.setdefault(base, ref)  # shards nest keys in folders; metadata uses the bare key
        url = urls.get(key)
        if url:
            self.by_url.setdefault(url, ref)

    def _add_tar(self, path: str) -> None:
        images: dict[str, ImageRef] = {}
        urls: dict[str, str] = {}
        try:
            with tarfile.open(path, "r:") as tf:
                for m in tf:
                    if not m.isfile():
                        continue
                    key, ext = _split_name(m.name)
                    if ext in IMAGE_EXTS:
                        images[key] = ImageRef(path, m.offset_data, m.size)
                    elif ext == "json" and m.size <= MAX_JSON_BYTES:
                        url = _url_of(tf.extractfile(m).read())  # type: ignore[union-attr]
                        if url:
                            urls[key] = url
        except (tarfile.TarError, OSError) as exc:
            raise InputError(f"cannot read image shard: {exc}", file=path) from exc
        for key, ref in images.items():
            self._link(key, ref, urls)

    def _add_folder(self, root: str) -> None:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            if any(f.endswith(".tar") for f in filenames):
                for f in sorted(filenames):
                    if f.endswith(".tar"):
                        self._add_tar(os.path.join(dirpath, f))
            urls: dict[str, str] = {}
            images: dict[str, ImageRef] = {}
            for f in filenames:
                key, ext = _split_name(f)
                full = os.path.join(dirpath, f)
                if ext in IMAGE_EXTS:
                    images[key] = ImageRef(full)
                elif ext == "json" and os.path.getsize(full) <= MAX_JSON_BYTES:
                    with open(full, "rb") as fh:
                        url = _url_of(fh.read())
                    if url:
                        urls[key] = url
            rel = os.path.relpath(dirpath, root)
            prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
            full_urls = {prefix + k: u for k, u in urls.items()}
            for key, ref in images.items():
                self._link(prefix + key, ref, full_urls)

    def find(self, key: str | None, url: str | None) -> ImageRef | None:
        ref = self.by_key.get(key) if key else None
        if ref is None and url:
            ref = self.by_url.get(url)
        return ref


def _url_of(raw: bytes) -> str | None:
    try:
        meta = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    url = meta.get("url") if isinstance(meta, dict) else None
    return url if isinstance(url, str) else None


def resolve_local(path: str, base_dir: str, roots: list[str]) -> tuple[ImageRef | None, str | None]:
    """An image path from the dataset -> (ref, None), or (None, status) when it may not or cannot be read."""
    if "\x00" in path:  # the OS cannot name such a file; realpath would raise and fail the whole batch
        return None, INVALID_PATH
    try:
        full = os.path.realpath(os.path.join(base_dir, path))
    except (ValueError, OSError):
        return None, INVALID_PATH
    allowed = [os.path.realpath(base_dir), *roots]
    if not any(full == r or full.startswith(r.rstrip(os.sep) + os.sep) for r in allowed):
        return None, PATH_OUTSIDE_ROOT
    if not os.path.isfile(full):
        return None, IMAGE_NOT_FOUND
    return ImageRef(full), None


def read_ref(ref: ImageRef, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[bytes | None, str | None]:
    """The bytes of `ref` -> (data, None), or (None, status)."""
    try:
        with open(ref.path, "rb") as fh:
            size = ref.size if ref.size >= 0 else os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                return None, TOO_LARGE
            fh.seek(ref.offset)
            data = fh.read(size)
    except FileNotFoundError:
        return None, IMAGE_NOT_FOUND
    except OSError:
        return None, READ_FAILED
    if len(data) != size:
        return None, READ_FAILED
    return data, None


def dataset_dir(source_file: str | None, image_root: str | None) -> str:
    """The directory relative image paths of a row resolve against."""
    root = image_root or os.getcwd()
    sub = os.path.dirname(source_file) if source_file else ""
    return str(Path(root, sub)) if sub and not os.path.isabs(sub) else (sub or root)
