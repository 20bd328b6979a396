"""image_rights end to end: a folder of real JPEG/PNG/WebP files with embedded rights metadata (ExifTool,
Pillow, c2pa-python) through the real CLI, SCRFD model and rule packs; plus the column builder's rules."""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "faces"))
sys.path.insert(0, str(ROOT / "images"))
sys.path.insert(0, str(ROOT / "adversarial"))
from hostile import scan  # noqa: E402
from model_files import FAST, model_path  # noqa: E402
from rights_files import DST, PLUS, base_image, make_signer, pixels, sign_c2pa, tag  # noqa: E402
from test_metadata import BILLION_LAUGHS, with_xmp, xmp_packet  # noqa: E402

from auditor.checks.faces import FacesCheck  # noqa: E402
from auditor.checks.image_rights import (  # noqa: E402
    SIGNALS,
    combine_consent,
    consent_all_sources,
    license_key,
    rights_columns,
)
from auditor.images.metadata import ImageRights  # noqa: E402

REPO = ROOT.parent


def build_folder(d: Path) -> list[dict]:
    """Images + a LAION-layout parquet (URL, TEXT, LICENSE) whose image_path column points at them."""
    rows = []

    def row(key, path, license):
        rows.append({"name": key, "URL": f"https://example.com/{key}", "TEXT": "a photo",
                     "LICENSE": license, "image_path": path})

    tag(base_image(d / "reserved.jpg", "JPEG", copyright="ignored: XMP wins"),
        **{"XMP-plus:DataMining": PLUS + "DMI-PROHIBITED-GENAIMLTRAINING",
           "XMP-dc:Rights": "Getty Images, all rights reserved", "IPTC:By-line": "Jane Roe"})
    row("reserved", "reserved.jpg", "CC-BY 4.0")
    tag(base_image(d / "disagree.png", "PNG", seed=1),
        **{"XMP-xmpRights:WebStatement": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
           "XMP-plus:DataMining": PLUS + "DMI-ALLOWED"})
    row("disagree", "disagree.png", "https://creativecommons.org/licenses/by/4.0/")
    tag(base_image(d / "agree.png", "PNG", seed=2),
        **{"XMP-xmpRights:WebStatement": "https://creativecommons.org/licenses/by/4.0/"})
    row("agree", "agree.png", "CC BY 4.0")
    tag(base_image(d / "synthetic.webp", "WEBP", seed=3, quality=90),
        **{"XMP-iptcExt:DigitalSourceType": DST + "trainedAlgorithmicMedia"})
    row("synthetic", "synthetic.webp", None)
    buf = io.BytesIO()
    pixels(4, 128, 96).save(buf, "JPEG")
    signed = sign_c2pa(buf.getvalue(), "image/jpeg", signer=make_signer(),
                       training={"c2pa.ai_training": "notAllowed", "c2pa.ai_generative_training": "notAllowed",
                                 "c2pa.data_mining": "notAllowed"}, source_type="trainedAlgorithmicMedia")
    (d / "c2pa.jpg").write_bytes(signed)
    row("c2pa", "c2pa.jpg", None)
    (d / "laughs.jpg").write_bytes(with_xmp(xmp_packet("><dc:rights>&lol9;</dc:rights>", BILLION_LAUGHS)))
    row("laughs", "laughs.jpg", None)
    base_image(d / "bare.jpg", "JPEG", seed=5)
    row("bare", "bare.jpg", None)
    row("missing", None, None)
    row("same-file", "reserved.jpg", None)  # a repeated image: read once, its rights on both rows
    pq.write_table(pa.Table.from_pylist(rows), d / "meta.parquet")
    return rows


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("rights")
    names = [r["name"] for r in build_folder(d)]
    out = {}
    for pack in ("default", "commercial-release"):
        proc, summary, signals = scan(d / "meta.parquet", d / f"run-{pack}", "--face-model", model_path(FAST),
                                      "--device", "cpu", "--image-col", "image_path",
                                      "--policy", REPO / "rules" / f"{pack}.yaml",
                                      checks="license,faces")
        assert proc.returncode in (0, 1), proc.stderr + proc.stdout
        by_key = {r["key"]: names[r["row_index"]] for r in signals.to_pylist()}
        findings = [{**f, "key": by_key[f["key"]]}
                    for f in pq.read_table(d / f"run-{pack}" / "findings.parquet").to_pylist()]
        out[pack] = (summary, {names[r["row_index"]]: r for r in signals.to_pylist()}, findings, d / f"run-{pack}")
    return out


def test_every_row_once_with_its_status(runs):
    summary, rows, _, _ = runs["default"]
    assert len(rows) == 9 and summary["rows"]["accounted"] and not summary["check_failures"]
    st = {k: r["image_rights_status"] for k, r in rows.items()}
    assert st["laughs"] == "error:xmp_forbidden_xml" and rows["laughs"]["status"] == "error:xmp_forbidden_xml"
    assert rows["laughs"]["image_status"] == "ok" and rows["laughs"]["face_count"] == 0
    assert st["missing"] == "skipped:no_image" and rows["missing"]["image_copyright_notice"] is None
    assert all(st[k] == "ok" for k in ("reserved", "disagree", "agree", "synthetic", "c2pa", "bare", "same-file"))


def test_signals(runs):
    _, rows, _, _ = runs["default"]
    r = rows["reserved"]
    assert (r["image_copyright_notice"], r["image_creator"]) == ("Getty Images, all rights reserved", "Jane Roe")
    assert (r["image_data_mining"], r["image_consent"]) == ("reserved", "reserved")
    assert json.loads(r["image_rights_evidence"])["plus_data_mining"].endswith("DMI-PROHIBITED-GENAIMLTRAINING")
    assert rows["same-file"]["image_data_mining"] == "reserved"
    d = rows["disagree"]
    assert (d["image_license_id"], d["license_id"], d["image_license_disagrees"]) == (
        "CC-BY-NC-ND-4.0", "CC-BY-4.0", True)
    assert (d["image_data_mining"], d["image_consent"]) == ("allowed", "allowed")
    assert rows["agree"]["image_license_disagrees"] is False
    assert rows["synthetic"]["image_ai_generated"] is True and rows["synthetic"]["image_consent"] is None
    c = rows["c2pa"]
    assert (c["image_c2pa"], c["image_c2pa_training"], c["image_ai_generated"], c["image_consent"]) == (
        "valid", "reserved", True, "reserved")
    b = rows["bare"]
    assert all(b[name] is None for name in SIGNALS if name != "image_rights_status")


def test_findings_per_pack(runs):
    def by_rule(pack):
        hits: dict[str, set] = {}
        for f in runs[pack][2]:
            hits.setdefault(f["rule_id"], set()).add(f["key"])
        return {r: k for r, k in hits.items() if "IMAGE-" in r}

    d = by_rule("default")
    assert d == {"IMAGE-DATA-MINING-RESERVED": {"reserved", "same-file", "c2pa"},
                 "IMAGE-RIGHTS-NOTICE": {"reserved", "same-file"},
                 "IMAGE-LICENSE-DISAGREES": {"disagree"},
                 "IMAGE-AI-GENERATED": {"synthetic", "c2pa"}}
    c = by_rule("commercial-release")
    assert set(c) == {"COMMERCIAL-" + r for r in d}
    sev = {f["rule_id"]: f["severity"] for f in runs["commercial-release"][2]}
    assert sev["COMMERCIAL-IMAGE-DATA-MINING-RESERVED"] == "high"
    assert sev["COMMERCIAL-IMAGE-AI-GENERATED"] == "info"
    evidence = next(json.loads(f["evidence"]) for f in runs["default"][2]
                    if f["rule_id"] == "IMAGE-DATA-MINING-RESERVED" and f["key"] == "c2pa")
    assert evidence["image_c2pa_training"] == "reserved" and evidence["image_c2pa"] == "valid"


def test_report_counts_ai_generated_and_summary_describes(runs):
    summary, _, _, run = runs["default"]
    report = (run / "report.md").read_text(encoding="utf-8").replace("\\", "")  # markdown escapes
    line = next(ln for ln in report.splitlines() if ln.startswith("| IMAGE-AI-GENERATED |"))  # the rules table
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[1:3] == ["dataset_quality", "info"] and cells[3].split()[0] == "2", cells
    assert summary["findings"]["by_rule"]["IMAGE-AI-GENERATED"] == 2
    assert "AI-generated images (embedded metadata): 2" in report
    assert "Opt-outs from every source" in report
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "Opt-outs from every source" in html and "AI-generated images (embedded metadata)" in html
    sig = summary["signals"]
    assert sig["consent_all_sources"] == {"null": 5, "reserved:image": 3, "allowed": 1}
    assert sig["image_ai_generated"] == {"null": 7, "True": 2}
    faces = summary["checks"]["faces"]
    assert faces["image_rights_statuses"] == {"ok": 7, "error:xmp_forbidden_xml": 1}  # rows with an image


# -- the column builder --------------------------------------------------------------------------------
@pytest.mark.parametrize(("states", "want"), [
    ((None, None), None), (("reserved", None), "reserved"), (("allowed", "reserved"), "reserved"),
    (("allowed", None), "allowed"), (("allowed", "unknown"), "unknown"), (("unknown", None), "unknown"),
])
def test_any_reservation_reserves(states, want):
    assert combine_consent(*states) == want


def test_license_keys_unknown_is_none_not_a_disagreement():
    assert license_key("https://creativecommons.org/licenses/by-sa/4.0/") == "CC-BY-SA-4.0"
    assert license_key("see website") is None and license_key(None) is None
    r = ImageRights(values={"web_statement": "https://example.com/terms"})
    counts: Counter = Counter()
    cols = dict(zip(SIGNALS, rights_columns([r, None], ["ok", "error:not_an_image"], ["CC-BY-4.0", None], counts),
                    strict=True))
    assert cols["image_license_disagrees"].to_pylist() == [None, None]
    assert cols["image_rights_status"].to_pylist() == ["ok", "error:not_an_image"]
    assert counts == {"ok": 1}


def test_signals_are_part_of_the_image_pass():
    assert set(SIGNALS) <= set(FacesCheck.signals) and "license" in FacesCheck.input_columns


def test_site_and_image_opt_outs_combine_naming_the_source():
    site = ["reserved", "reserved", None, "allowed", "allowed", "unknown", None, "allowed"]
    image = ["reserved", None, "reserved", "allowed", None, "allowed", None, "reserved"]
    tri = pa.dictionary(pa.int32(), pa.string())
    batch = pa.RecordBatch.from_pydict({"consent": pa.array(site).cast(tri),
                                        "image_consent": pa.array(image).cast(tri)})
    assert consent_all_sources(batch).to_pylist() == [
        "reserved:site+image", "reserved:site", "reserved:image", "allowed", "allowed", "unknown", None,
        "reserved:image"]
    only_image = pa.RecordBatch.from_pydict({"image_consent": pa.array(["allowed", None, "unknown"])})
    assert consent_all_sources(only_image).to_pylist() == ["allowed", None, "unknown"]
