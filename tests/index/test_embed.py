"""The embedding path with a real (tiny) ONNX encoder: preprocessing from graph or sidecar, search, refusal."""

from __future__ import annotations

import shutil

import numpy as np
import pyarrow.parquet as pq
import pytest
from imageset import EDITS, INDEXED, UNRELATED, rgb, save
from report_support import audit, strict_json
from tiny_encoder import build

from auditor.errors import ConfigError
from auditor.index.embed import CLIP_MEAN, ImageEncoder

#: a random linear encoder is no semantic model: its cosines are banded tightly (sidecar `bands`)
SIDECAR = "bands: {near_duplicate: 0.998, strongly_similar: 0.99, weak: 0.9}\n"


def test_size_from_graph_and_unit_embeddings(tmp_path):
    enc = ImageEncoder(build(tmp_path / "m.onnx", size=64))
    assert (enc.spec.input_size, enc.spec.output, enc.spec.dim) == (64, "image_embeds", 136)
    assert enc.spec.mean == CLIP_MEAN
    v = enc.embed(np.ascontiguousarray(rgb(INDEXED["coffee"])[..., ::-1]))
    assert v.dtype == np.float32 and abs(float(np.linalg.norm(v)) - 1) < 1e-5


def test_dynamic_graph_needs_a_sidecar(tmp_path):
    model = build(tmp_path / "d.onnx", size=64, dynamic=True)
    with pytest.raises(ConfigError, match="input_size"):
        ImageEncoder(model)
    (tmp_path / "d.yaml").write_text("input_size: 64\nmean: [0.5, 0.5, 0.5]\nstd: [0.5, 0.5, 0.5]\n")
    enc = ImageEncoder(model)
    assert enc.spec.input_size == 64 and enc.spec.mean == (0.5, 0.5, 0.5)


@pytest.mark.parametrize("text, line, msg", [
    ("input_size: 64\ncolour: rgb\n", 2, "unknown key"),
    ("std: [0.5, 0, 0.5]\n", 1, "> 0"),
    ("mean: [0.5, 0.5]\n", 1, "3 numbers"),
    ("output: logits\n", None, "not in the graph"),
    ("bands: {near_duplicate: 2}\n", 1, "bands"),
])
def test_bad_sidecar_fails_loudly_with_line(tmp_path, text, line, msg):
    model = build(tmp_path / "m.onnx")
    (tmp_path / "m.yaml").write_text(text)
    with pytest.raises(ConfigError, match=msg) as err:
        ImageEncoder(model)
    assert err.value.file.endswith("m.yaml" if line else "m.onnx") and err.value.line == line


@pytest.fixture(scope="module")
def embedded(laion_images, tmp_path_factory):
    _, images, run, truth = laion_images
    d = tmp_path_factory.mktemp("embedded")
    mine = d / "run"
    shutil.copytree(run, mine, ignore=shutil.ignore_patterns("index"))
    model = build(d / "tiny.onnx")
    (d / "tiny.yaml").write_text(SIDECAR)
    proc = audit("index", mine, "--images", images, "--embedding-model", model, "--shard-rows", "4")
    assert proc.returncode == 0, proc.stderr
    return mine, model, truth, images


def test_index_stores_unit_embeddings_in_shards(embedded):
    run, _, truth, _ = embedded
    manifest = strict_json((run / "index" / "manifest.json").read_text())
    assert manifest["encoder"]["dim"] == 136 and manifest["encoder"]["bands"]["near_duplicate"] == 0.998
    assert len(manifest["shards"]) == 4  # 13 rows in units of 4
    t = pq.read_table(run / "index" / "shard-00000.parquet")
    emb = [e for e in t.column("embedding").to_pylist() if e is not None]
    assert len(emb) == 4 and np.allclose(np.linalg.norm(np.array(emb), axis=1), 1, atol=1e-5)
    assert (run / "index" / "shard-00000.emb.faiss").is_file()


def test_embedding_search_end_to_end(embedded, tmp_path):
    run, model, truth, _ = embedded
    queries = {(n, e): save(f(rgb(p)), tmp_path / f"{n}-{e}.png") for n, p in list(INDEXED.items())[:5]
               for e, f in EDITS.items()}
    unrelated = [save(rgb(p), tmp_path / f"{n}.png") for n, p in UNRELATED.items()]
    proc = audit("attribute", *queries.values(), *unrelated, "--index", run, "--embedding-model", model,
                 "--out", tmp_path / "e")
    assert proc.returncode == 0, proc.stderr
    reports = strict_json((tmp_path / "e.json").read_text())
    for (name, edit), rep in zip(queries, reports[:len(queries)], strict=True):
        top = rep["matches"][0]
        assert top["key"] == truth[name][0] and top["cosine"] is not None, (name, edit)
        if edit in ("resize", "jpeg"):
            assert top["cosine"] > 0.998 and "embedding" in top["by"]
    for rep in reports[len(queries):]:
        assert rep["verdict"] in ("weak", "no_match") and not rep["copyright_risk"], rep


def test_other_model_is_refused(embedded, tmp_path):
    run, _, _, _ = embedded
    other = build(tmp_path / "other.onnx", seed=1)
    img = save(rgb(INDEXED["camera"]), tmp_path / "c.png")
    proc = audit("attribute", img, "--index", run, "--embedding-model", other, "--out", tmp_path / "x")
    assert proc.returncode == 2 and "differs from the one the index was built with" in proc.stderr


def test_resume_keeps_complete_shards(embedded, tmp_path):
    run, model, _, images = embedded
    root = run / "index"
    before = (root / "shard-00001.parquet").stat().st_mtime_ns
    (root / "shard-00002.json").unlink()  # as if interrupted while writing unit 2
    proc = audit("index", run, "--images", images, "--embedding-model", model, "--shard-rows", "4", "--resume")
    assert proc.returncode == 0, proc.stderr
    manifest = strict_json((root / "manifest.json").read_text())
    assert manifest["shards_resumed"] == 3 and (root / "shard-00001.parquet").stat().st_mtime_ns == before
    assert manifest["rows"] == 13


def test_ray_engine_builds_the_same_index(embedded, laion_images, tmp_path):
    """--engine ray: units built by Ray actors (local Ray), same rows, hashes and embeddings as local."""
    run, model, _, images = embedded
    ray_run = tmp_path / "run"
    shutil.copytree(run, ray_run, ignore=shutil.ignore_patterns("index"))
    proc = audit("index", ray_run, "--images", images, "--embedding-model", model, "--shard-rows", "4",
                 "--engine", "ray", "--workers", "2", timeout=600)
    assert proc.returncode == 0, proc.stderr
    manifest = strict_json((ray_run / "index" / "manifest.json").read_text())
    assert manifest["engine"] == "ray" and len(manifest["shards"]) == 4
    for k in range(4):
        a = pq.read_table(run / "index" / f"shard-{k:05d}.parquet")
        b = pq.read_table(ray_run / "index" / f"shard-{k:05d}.parquet")
        assert a.drop_columns(["embedding"]).equals(b.drop_columns(["embedding"]))
        ea = np.array([e for e in a.column("embedding").to_pylist() if e is not None])
        eb = np.array([e for e in b.column("embedding").to_pylist() if e is not None])
        assert np.allclose(ea, eb, atol=1e-5)
