"""End to end on real LAION rows: `audit scan`, `audit index`, `audit attribute` with edited and unrelated photos."""

from __future__ import annotations

import json

import pytest
from imageset import EDITS, EXIF_ARTIST, EXIF_COPYRIGHT, INDEXED, UNRELATED, rgb, save
from report_support import audit, strict_json

#: the star field's 10%-crop and overlay move pHash+dHash to 36-38 bits: strongly similar, still top-1
HARD = {("hubble", "crop"), ("hubble", "overlay")}


@pytest.fixture(scope="module")
def indexed(laion_images):
    data, images, run, truth = laion_images
    proc = audit("index", run, "--images", images, "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    return run, truth


@pytest.fixture(scope="module")
def queries(tmp_path_factory):
    d = tmp_path_factory.mktemp("queries")
    edited = {}
    for name, path in INDEXED.items():
        for edit, fn in EDITS.items():
            edited[(name, edit)] = save(fn(rgb(path)), d / f"{name}-{edit}.png")
    unrelated = {name: save(rgb(p), d / f"{name}.png") for name, p in UNRELATED.items()}
    return edited, unrelated


def test_every_row_is_indexed_once_with_a_status(indexed):
    import pyarrow.parquet as pq

    run, truth = indexed
    manifest = strict_json((run / "index" / "manifest.json").read_text())
    rows = pq.read_table(run / "signals.parquet").num_rows
    shards = [pq.read_table(run / "index" / f"{s['name']}.parquet") for s in manifest["shards"]]
    keys = [k for t in shards for k in t.column("key").to_pylist()]
    assert len(keys) == len(set(keys)) == rows == manifest["rows"]
    assert manifest["statuses"] == {"ok": len(truth), "error:not_an_image": 1,
                                    "skipped:no_image": rows - len(truth) - 1}


def test_edited_copies_find_their_source_row(indexed, queries, tmp_path):
    run, truth = indexed
    edited, _ = queries
    out = tmp_path / "attr"
    proc = audit("attribute", *edited.values(), "--index", run, "--out", out, "--top-k", "3")
    assert proc.returncode == 0, proc.stderr
    reports = strict_json((tmp_path / "attr.json").read_text())
    assert len(reports) == len(edited)
    for (name, edit), rep in zip(edited, reports, strict=True):
        top = rep["matches"][0]
        assert top["key"] == truth[name][0], (name, edit, top)
        assert top["url"] == truth[name][1]
        want = "strongly_similar" if (name, edit) in HARD else "near_duplicate"
        assert top["band"] == want, (name, edit, top["hamming"])
    md = (tmp_path / "attr.md").read_text()
    assert md.count("## ") == len(edited) and "copyright risk" in md


def test_rights_credit_line_and_risk(indexed, queries, tmp_path):
    run, truth = indexed
    edited, _ = queries
    picks = ["astronaut", "camera", "coffee", "chelsea", "rocket", "horse"]
    proc = audit("attribute", *[edited[(p, "jpeg")] for p in picks], "--index", run, "--out", tmp_path / "r")
    assert proc.returncode == 0, proc.stderr
    by = {p: r for p, r in zip(picks, strict_json((tmp_path / "r.json").read_text()), strict=True)}
    a = by["astronaut"]["matches"][0]  # CC BY 4.0
    assert (a["license_id"], a["license_family"]) == ("CC-BY-4.0", "cc-by")
    assert (a["license_commercial"], a["license_derivatives"], a["license_share_alike"],
            a["license_attribution"]) == (True, True, False, True)
    assert a["attribution"] == ("Untitled image by author unknown - find the author at the source before "
                                "publishing, licensed under CC-BY-4.0 (https://creativecommons.org/licenses/by/"
                                f"4.0/). Source: {truth['astronaut'][1]}")
    assert not by["astronaut"]["copyright_risk"] and a["copyright_risk"] is None
    cam = by["camera"]["matches"][0]
    assert cam["license_share_alike"] is True  # CC BY-SA 4.0: no risk
    assert (cam["creator"], cam["credit"]) == (EXIF_ARTIST, EXIF_COPYRIGHT)  # from the file's EXIF
    assert cam["attribution"].startswith(f"Untitled image by {EXIF_ARTIST}, licensed under CC-BY-SA-4.0 ")
    md = (tmp_path / "r.md").read_text()
    assert "Jane Doe" in md and "](javascript" not in md
    assert not by["camera"]["copyright_risk"]
    assert "non-commercial" in by["coffee"]["matches"][0]["copyright_risk"]  # CC BY-NC
    assert by["chelsea"]["matches"][0]["attribution"].endswith(f"no attribution required; courtesy credit. "
                                                                f"Source: {truth['chelsea'][1]}")  # CC0
    assert not by["chelsea"]["copyright_risk"]
    r = by["rocket"]["matches"][0]  # no license in the data: unknown, never allowed
    assert r["license_commercial"] is None and "unknown" in r["copyright_risk"]
    assert r["attribution"].startswith("License unknown")
    assert "no-derivatives" in by["horse"]["matches"][0]["copyright_risk"]  # CC BY-ND
    assert "COPYRIGHT RISK" in proc.stdout


def test_unrelated_images_get_no_near_duplicate(indexed, queries, tmp_path):
    run, _ = indexed
    _, unrelated = queries
    proc = audit("attribute", *unrelated.values(), "--index", run, "--out", tmp_path / "u")
    assert proc.returncode == 0, proc.stderr
    for rep in strict_json((tmp_path / "u.json").read_text()):
        assert rep["verdict"] in ("weak", "no_match"), rep
        assert all(m["band"] in ("weak", None) for m in rep["matches"])
        assert not rep["copyright_risk"]
    assert "no match above the weak band" in (tmp_path / "u.md").read_text()


def test_undecodable_query_is_not_evaluated(indexed, tmp_path):
    run, _ = indexed
    bad = tmp_path / "fake.png"
    bad.write_text("<html>not an image</html>")
    proc = audit("attribute", bad, "--index", run, "--out", tmp_path / "b")
    assert proc.returncode == 0, proc.stderr
    rep = json.loads((tmp_path / "b.json").read_text())[0]
    assert rep["status"] == "error:not_an_image" and rep["verdict"] == "not_evaluated"
    assert rep["copyright_risk"] is None


def test_attribute_without_index_fails_loudly(laion_images, tmp_path):
    _, _, run, _ = laion_images
    img = save(rgb(INDEXED["camera"]), tmp_path / "c.png")
    proc = audit("attribute", img, "--index", tmp_path, "--out", tmp_path / "x")
    assert proc.returncode == 2 and "summary" not in proc.stdout
    assert "no image index" in proc.stderr or "index" in proc.stderr


def test_local_image_paths_stay_inside_the_dataset_folder(laion_10k, tmp_path):
    """--image-col: paths relative to the dataset file; one escaping the folder is refused, not read."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from report_support import scan

    d = tmp_path / "ds"
    (d / "img").mkdir(parents=True)
    save(rgb(INDEXED["coffee"]), d / "img" / "coffee.png")
    save(rgb(INDEXED["horse"]), tmp_path / "outside.png")  # exists, but outside the dataset's folder
    t = pq.read_table(laion_10k, columns=["URL", "TEXT"]).slice(100, 3)
    t = t.append_column("LICENSE", pa.array(["CC BY 4.0"] * 3)).append_column(
        "image_path", pa.array(["img/coffee.png", "../outside.png", "img/missing.png"]))
    pq.write_table(t, d / "local.parquet")
    scan(d / "local.parquet", tmp_path / "run")
    proc = audit("index", tmp_path / "run", "--image-col", "image_path")
    assert proc.returncode == 0, proc.stderr
    manifest = strict_json((tmp_path / "run" / "index" / "manifest.json").read_text())
    assert manifest["statuses"] == {"ok": 1, "skipped:path_outside_root": 1, "error:image_not_found": 1}
    q = save(_jpeg(rgb(INDEXED["coffee"])), tmp_path / "q.png")
    proc = audit("attribute", q, "--index", tmp_path / "run", "--out", tmp_path / "a")
    top = strict_json((tmp_path / "a.json").read_text())[0]["matches"][0]
    assert top["key"] == "local.parquet#0" and top["band"] == "near_duplicate"


def _jpeg(a):
    return EDITS["jpeg"](a)


def test_index_without_images_or_column_fails_loudly(laion_images):
    _, _, run, _ = laion_images
    proc = audit("index", run)
    assert proc.returncode == 2 and "--images" in proc.stderr
