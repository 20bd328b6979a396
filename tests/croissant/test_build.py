"""croissant.json from real scans, validated by the real mlcroissant validator (offline).

The shared LAION sample (10,000 rows, license + PII checks) and a DataComp-style file (real LAION rows in
DataComp's columns, with face_bboxes) are scanned with the real CLI; the output must validate with no
error for Croissant 1.0 and 1.1, and every RAI field we write must come back through mlcroissant's own
reader under the spec's name (so a misspelt property, which the validator would silently ignore, fails).
"""

import json

import pytest
from croissant_support import load, validate, write_datacomp
from report_support import audit, scan

from auditor.croissant.context import TODO

#: spec property -> mlcroissant Metadata attribute (where mlcroissant reads it)
READ_BACK = {"rai:dataCollectionType": "data_collection_type", "rai:dataCollectionRawData": "data_collection_raw_data",
             "rai:dataCollectionMissingData": "data_collection_missing_data",
             "rai:personalSensitiveInformation": "personal_sensitive_information",
             "rai:dataLimitations": "data_limitations", "rai:machineAnnotationTools": "machine_annotation_tools",
             "rai:dataUseCases": "data_use_cases", "rai:dataSocialImpact": "data_social_impact",
             "rai:dataReleaseMaintenancePlan": "data_release_maintenance_plan", "rai:dataBiases": "data_biases",
             "rai:dataCollection": "data_collection", "rai:dataPreprocessingProtocol": "data_preprocessing_protocol"}

#: every property of the RAI vocabulary, as mlcommons/croissant docs/croissant_rai.ttl spells it (mlcroissant's
#: constants differ for two: dataCollectionTimeFrame, dataDataManipulationProtocol; we follow the spec)
SPEC = {"dataCollection", "dataCollectionType", "dataCollectionMissingData", "dataCollectionRawData",
        "dataCollectionTimeframe", "dataPreprocessingProtocol", "dataImputationProtocol", "dataManipulationProtocol",
        "dataReleaseMaintenancePlan", "personalSensitiveInformation", "dataAnnotationProtocol",
        "dataAnnotationPlatform", "dataAnnotationAnalysis", "annotationsPerItem", "annotatorDemographics",
        "machineAnnotationTools", "dataSocialImpact", "dataBiases", "dataLimitations", "dataUseCases"}


def _as_list(v):
    return v if isinstance(v, list) else [v]


def check_read_back(doc, md):
    assert {k[4:] for k in doc if k.startswith("rai:")} <= SPEC
    for prop, attr in READ_BACK.items():
        if prop in doc:
            assert _as_list(getattr(md, attr)) == _as_list(doc[prop]), prop


@pytest.fixture(scope="module")
def laion_run(tmp_path_factory, laion_10k):
    out = tmp_path_factory.mktemp("croissant-laion") / "run"
    proc = audit("scan", laion_10k, "--quiet", "--out", out, "--croissant", timeout=900)
    assert proc.returncode in (0, 1), proc.stderr
    return out, proc


@pytest.mark.slow
def test_laion_scan_croissant_validates(laion_run):
    out, proc = laion_run
    doc = load(out / "croissant.json")
    md = validate(out / "croissant.json")
    assert not md.ctx.issues.errors
    check_read_back(doc, md)
    assert doc["conformsTo"] == ["http://mlcommons.org/croissant/1.1", "http://mlcommons.org/croissant/RAI/1.0"]
    assert doc["rai:dataCollectionType"] == ["Web Scraping"]  # the laion profile says so
    summary = json.loads((out / "summary.json").read_text())
    pii = summary["signals"]["pii_types"]["PERSON"]
    assert f"PERSON {pii} of 10000" in doc["rai:personalSensitiveInformation"][0]
    assert "faces not measured" in doc["rai:personalSensitiveInformation"][0]
    assert "images not seen: all 10000 rows" in doc["rai:dataCollectionMissingData"]
    assert "rows without a usable license: 10000 of 10000 (100.00%)" in doc["rai:dataCollectionMissingData"]
    assert doc["rai:dataCollectionRawData"].startswith("Images are referenced by URL on ")
    assert any("en_core_web_sm" in t for t in doc["rai:machineAnnotationTools"])
    assert any("Unknown terms for 10000 works" in t for t in doc["rai:dataLimitations"])
    assert "Unknown terms for 10000 works" in doc["usageInfo"]["text"]
    dist = doc["distribution"][0]
    assert dist["sha256"] == summary["inputs"][0]["sha256"]
    # the file's own columns, its pandas index included
    assert [f["name"] for f in doc["recordSet"][0]["field"]] == ["URL", "TEXT", "__index_level_0__"]
    assert doc["prov:wasGeneratedBy"]["prov:wasAssociatedWith"]["name"].startswith("auditor ")
    # every field a person must write is a TODO in the file and a line on stderr
    for key in ("name", "description", "license", "rai:dataUseCases", "rai:dataSocialImpact"):
        assert _as_list(doc[key])[0].startswith(TODO)
        assert f"todo: {key}: {TODO}" in proc.stderr


@pytest.fixture(scope="module")
def datacomp_run(tmp_path_factory, laion_10k):
    d = tmp_path_factory.mktemp("croissant-datacomp")
    data = write_datacomp(laion_10k, d / "datacomp.parquet")
    return scan(data, d / "run"), d / "run", d


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_datacomp_croissant_validates(datacomp_run, version, tmp_path):
    _, run, _ = datacomp_run
    out = tmp_path / "croissant.json"
    proc = audit("croissant", run, "--croissant-version", version, "--out", out)
    assert proc.returncode == 0, proc.stderr
    doc = load(out)
    md = validate(out)
    assert not md.ctx.issues.errors
    check_read_back(doc, md)
    assert md.ctx.conforms_to.value == f"http://mlcommons.org/croissant/{version}"
    fields = {f.name: f for f in md.record_sets[0].fields}
    assert str(fields["original_width"].data_types[0]) == "https://schema.org/Integer"
    assert str(fields["clip_b32_similarity_score"].data_types[0]) == "https://schema.org/Float"
    if version == "1.1":
        assert fields["face_bboxes"].is_array and doc["recordSet"][0]["field"][6]["arrayShape"] == "-1,-1"
        assert "prov:wasGeneratedBy" in doc
    else:  # nested lists have no Croissant 1.0 form: left out, and said so
        assert "face_bboxes" not in fields and "face_bboxes" in doc["recordSet"][0]["description"]
        assert "prov:wasGeneratedBy" not in doc and "prov" not in doc["@context"]


def test_meta_fills_human_fields(datacomp_run, tmp_path):
    _, run, _ = datacomp_run
    meta = tmp_path / "meta.yaml"
    meta.write_text("name: DataComp sample\ndescription: Real LAION rows in DataComp's layout.\n"
                    "license: https://creativecommons.org/licenses/by/4.0/\nurl: https://example.org/dc\n"
                    "citeAs: '@misc{dc, title={DC}}'\ndatePublished: 2026-01-02\nversion: 1.0.0\n"
                    "creator: [Ada, {name: Lab, type: organization, url: 'https://example.org'}]\n"
                    "keywords: [images, captions]\ninLanguage: en\n"
                    "dataUseCases: [Evaluation of audit tools.]\ndataSocialImpact: Low.\n"
                    "dataReleaseMaintenancePlan: [Frozen., Maintained by the lab.]\ndataBiases: [English-centric.]\n"
                    "dataCollection: Web crawl by Common Crawl, filtered.\n"
                    "contentUrlBase: https://example.org/files/\n", encoding="utf-8")
    proc = audit("croissant", run, "--meta", meta, "--out", tmp_path / "c.json")
    assert proc.returncode == 0, proc.stderr
    assert "todo:" not in proc.stderr
    doc = load(tmp_path / "c.json")
    md = validate(tmp_path / "c.json")
    assert not md.ctx.issues.errors and not md.ctx.issues.warnings
    check_read_back(doc, md)
    assert md.name == "DataComp sample" and md.version == "1.0.0"
    assert doc["rai:dataReleaseMaintenancePlan"] == "Frozen. Maintained by the lab."  # cardinality ONE
    assert doc["distribution"][0]["contentUrl"] == "https://example.org/files/datacomp.parquet"
    assert [c["@type"] for c in doc["creator"]] == ["sc:Person", "sc:Organization"]


def test_export_becomes_preprocessing_protocol(datacomp_run, tmp_path):
    _, run, _ = datacomp_run
    clean = tmp_path / "clean.parquet"
    proc = audit("export", run, "--drop", "copyright", "--out", clean)
    assert proc.returncode == 0, proc.stderr
    rescan = tmp_path / "rerun"
    scan(clean, rescan)
    manifest = json.loads((tmp_path / "clean.manifest.json").read_text())
    proc = audit("croissant", rescan)
    assert proc.returncode == 0, proc.stderr
    doc = load(rescan / "croissant.json")
    assert not validate(rescan / "croissant.json").ctx.issues.errors
    [step] = doc["rai:dataPreprocessingProtocol"]
    assert step.startswith(f"clean.parquet was written by `audit export`: {manifest['rows_dropped']} of "
                           f"{manifest['rows_in']} rows removed") and "copyright" in step


def test_unknown_version_is_an_error(datacomp_run, tmp_path):
    _, run, _ = datacomp_run
    proc = audit("croissant", run, "--croissant-version", "2.0", "--out", tmp_path / "c.json")
    assert proc.returncode == 2 and "unknown Croissant version '2.0'" in proc.stderr
    assert not (tmp_path / "c.json").exists()


def test_gone_input_is_an_error_naming_it(datacomp_run, tmp_path):
    import shutil

    _, run, _ = datacomp_run
    copy = tmp_path / "run"
    shutil.copytree(run, copy)
    summary = json.loads((copy / "summary.json").read_text())
    summary["inputs"][0]["path"] = str(tmp_path / "moved.parquet")
    (copy / "summary.json").write_text(json.dumps(summary))
    proc = audit("croissant", copy)
    assert proc.returncode == 2 and f"{tmp_path / 'moved.parquet'}: input file of the run is gone" in proc.stderr
    assert not (copy / "croissant.json").exists()
