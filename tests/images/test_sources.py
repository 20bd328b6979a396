"""Image sources: img2dataset shards and `files` folders by key or URL, local paths confined to roots."""

from __future__ import annotations

import io
import json
import os
import tarfile

import pytest

from auditor.errors import InputError
from auditor.images.sources import (
    IMAGE_NOT_FOUND,
    PATH_OUTSIDE_ROOT,
    TOO_LARGE,
    ImageIndex,
    dataset_dir,
    read_ref,
    resolve_local,
)

SAMPLES = {  # key -> (extension, bytes, url)
    "000000000": ("jpg", b"\xff\xd8 fake jpeg 0", "https://example.com/a.jpg"),
    "000000001": ("png", b"\x89PNG fake png 1", "https://example.com/b.png"),
    "000000002": ("webp", b"RIFF fake webp 2", "https://example.com/c.webp"),
}


def write_shard(path, samples=SAMPLES, prefix=""):
    with tarfile.open(path, "w") as tf:
        for key, (ext, data, url) in samples.items():
            for name, payload in ((f"{prefix}{key}.{ext}", data),
                                  (f"{prefix}{key}.json", json.dumps({"url": url, "key": key}).encode()),
                                  (f"{prefix}{key}.txt", b"a caption")):
                info = tarfile.TarInfo(name)
                info.size = len(payload)
                tf.addfile(info, io.BytesIO(payload))
    return path


def write_files_layout(root):
    folder = root / "00000"
    folder.mkdir(parents=True)
    for key, (ext, data, url) in SAMPLES.items():
        (folder / f"{key}.{ext}").write_bytes(data)
        (folder / f"{key}.json").write_text(json.dumps({"url": url}))
    return root


@pytest.mark.parametrize("layout", ["shard", "shard glob", "folder of shards", "files layout"])
def test_index_finds_by_key_and_url(tmp_path, layout):
    if layout == "files layout":
        spec = str(write_files_layout(tmp_path / "out"))
    else:
        (tmp_path / "shards").mkdir()
        write_shard(tmp_path / "shards" / "00000.tar")
        shards = tmp_path / "shards"
        spec = {"shard": str(shards / "00000.tar"), "shard glob": str(shards / "*.tar"),
                "folder of shards": str(shards)}[layout]
    index = ImageIndex.build([spec])
    for key, (_, data, url) in SAMPLES.items():
        by_key = index.find(key, None)
        by_url = index.find("not-a-key", url)
        assert by_key is not None and by_url == by_key
        assert read_ref(by_key) == (data, None)
    assert index.find("missing", "https://example.com/none.jpg") is None


def test_nested_member_names_match_bare_keys(tmp_path):
    index = ImageIndex.build([str(write_shard(tmp_path / "s.tar", prefix="00000/"))])
    assert read_ref(index.find("000000001", None))[0] == SAMPLES["000000001"][1]
    assert index.find("00000/000000001", None) is not None


@pytest.mark.parametrize("spec,needle", [("nope/*.tar", "matches no file"), ("nope.tar", "does not exist")])
def test_bad_specs_are_input_errors(tmp_path, spec, needle):
    with pytest.raises(InputError, match=needle):
        ImageIndex.build([str(tmp_path / spec)])


def test_non_tar_file_is_an_input_error(tmp_path):
    p = tmp_path / "x.zip"
    p.write_bytes(b"PK")
    with pytest.raises(InputError, match="uncompressed .tar"):
        ImageIndex.build([str(p)])


def test_corrupt_tar_is_an_input_error(tmp_path):
    p = tmp_path / "bad.tar"
    p.write_bytes(b"not a tar at all" * 100)
    with pytest.raises(InputError):
        ImageIndex.build([str(p)])


def test_read_ref_caps_bytes(tmp_path):
    index = ImageIndex.build([str(write_shard(tmp_path / "s.tar"))])
    assert read_ref(index.find("000000000", None), max_bytes=4) == (None, TOO_LARGE)


@pytest.fixture
def tree(tmp_path):
    data = tmp_path / "data"
    (data / "img").mkdir(parents=True)
    (data / "img" / "a.jpg").write_bytes(b"x")
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"secret")
    os.symlink(outside, data / "img" / "link.jpg")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "b.jpg").write_bytes(b"y")
    return tmp_path


@pytest.mark.parametrize("path,roots,status", [
    ("img/a.jpg", [], None),
    ("./img/../img/a.jpg", [], None),
    ("../secret.jpg", [], PATH_OUTSIDE_ROOT),
    ("/etc/passwd", [], PATH_OUTSIDE_ROOT),
    ("img/link.jpg", [], PATH_OUTSIDE_ROOT),          # a symlink inside pointing outside
    ("../extra/b.jpg", ["extra"], None),              # inside an --images root
    ("img/missing.jpg", [], IMAGE_NOT_FOUND),
])
def test_local_paths_stay_inside_roots(tree, path, roots, status):
    ref, st = resolve_local(path, str(tree / "data"), [os.path.realpath(tree / r) for r in roots])
    assert st == status
    assert (ref is None) == (status is not None)


def test_dataset_dir_joins_root_and_source_file_folder(tmp_path):
    assert dataset_dir("sub/part-0.parquet", str(tmp_path)) == str(tmp_path / "sub")
    assert dataset_dir("part-0.parquet", str(tmp_path)) == str(tmp_path)


@pytest.mark.parametrize("path", ["a\x00b.jpg", "\x00", "img/\x00/../x.jpg"])
def test_nul_in_local_path_is_a_status(tmp_path, path):
    from auditor.images.sources import INVALID_PATH

    assert resolve_local(path, str(tmp_path), []) == (None, INVALID_PATH)
