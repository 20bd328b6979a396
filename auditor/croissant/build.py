"""Put croissant.json together from a run directory, --meta and (optionally) an existing file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.croissant.context import HUMAN_RAI, HUMAN_TEXT, HUMAN_TYPED, RAI_CONFORMS_TO, TODO, VERSIONS, context
from auditor.croissant.measure import measure
from auditor.croissant.merge import is_todo, load_existing, merge
from auditor.croissant.meta import creators, load_meta
from auditor.croissant.rai import (
    annotation_tools,
    collection_type,
    limitations,
    missing_data,
    personal_information,
    preprocessing,
    raw_data,
)
from auditor.croissant.structure import describe_files
from auditor.errors import ConfigError
from auditor.obligations import obligation_sentences
from auditor.runs.common import load_summary
from auditor.sinks import write_json_atomic

FILE_NAME = "croissant.json"
#: RAI properties with cardinality ONE in the spec: a list from --meta is joined into one text
_ONE = {"dataCollection", "dataSocialImpact", "dataReleaseMaintenancePlan"}
_WHAT = {"name": "the dataset's name", "description": "what the dataset is", "license": "the dataset's own license "
         "(URL or SPDX id)", "url": "where the dataset is published", "citeAs": "a BibTeX citation",
         "dataUseCases": "intended and non-recommended uses", "dataSocialImpact": "the dataset's social impact",
         "dataReleaseMaintenancePlan": "versioning, maintainers, deprecation policy",
         "dataBiases": "known biases", "dataCollection": "how the data was collected",
         "datePublished": "publication date", "version": "dataset version", "creator": "who made the dataset",
         "keywords": "keywords", "inLanguage": "languages of the captions",
         "rai:dataCollectionType": "how the rows were collected (no schema profile says)"}


@dataclass
class CroissantResult:
    path: Path
    todos: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)


def _todo(key: str) -> str:
    return f"{TODO}: {_WHAT.get(key, key)}; set `{key}` in --meta FILE.yaml"


def build(run_dir: Path, meta: dict[str, Any], version: str) -> dict[str, Any]:
    """The JSON-LD document: measured fields filled, human fields from `meta` or TODO markers."""
    if version not in VERSIONS:
        raise ConfigError(f"unknown Croissant version {version!r}; known: {', '.join(VERSIONS)}",
                          column="--croissant-version")
    summary = load_summary(run_dir)
    m = measure(run_dir, summary)
    ctx = context(version)
    if version == "1.0":
        ctx.pop("prov")  # PROV-O provenance is a Croissant 1.1 recommendation
    doc: dict[str, Any] = {"@context": ctx, "@type": "sc:Dataset", "conformsTo": [VERSIONS[version], RAI_CONFORMS_TO]}
    for key in HUMAN_TEXT:
        doc[key] = meta.get(key) or _todo(key)
    for key in HUMAN_TYPED:
        if key in meta:
            doc[key] = creators(meta[key]) if key == "creator" else meta[key]
    doc["distribution"], doc["recordSet"] = describe_files(summary, version, meta.get("contentUrlBase"))
    kinds = collection_type(summary)
    doc["rai:dataCollectionType"] = kinds or [_todo("rai:dataCollectionType")]
    doc["rai:dataCollectionRawData"] = raw_data(summary, m)
    doc["rai:dataCollectionMissingData"] = missing_data(summary, m)
    doc["rai:personalSensitiveInformation"] = [personal_information(summary, m)]
    doc["rai:dataLimitations"] = limitations(summary, m)
    doc["rai:machineAnnotationTools"] = annotation_tools(summary)
    steps = preprocessing(summary)
    if steps:
        doc["rai:dataPreprocessingProtocol"] = steps
    for key, prop in HUMAN_RAI.items():
        value = meta.get(key)
        if value is None:
            doc[prop] = _todo(key)
        else:
            doc[prop] = " ".join(value) if key in _ONE and isinstance(value, list) else value
    ob = summary.get("obligations")
    if ob:
        doc["usageInfo"] = {"@type": "sc:CreativeWork",
                            "name": "What a model or derived dataset trained on these rows must honour "
                                    "(measured from per-row license metadata by auditor)",
                            "text": " ".join(obligation_sentences(ob))}
    if version == "1.1":
        doc["prov:wasGeneratedBy"] = _provenance(summary, [d["@id"] for d in doc["distribution"]])
    return doc


def _provenance(summary: dict[str, Any], file_ids: list[str]) -> dict[str, Any]:
    tool = summary["tool"]
    return {"@type": "prov:Activity", "name": "audit of this dataset by auditor",
            "description": "Command: " + " ".join(summary.get("command_line") or []),
            "prov:used": [{"@id": i} for i in file_ids],
            "prov:wasAssociatedWith": {"@type": "prov:SoftwareAgent", "name": f"{tool['name']} {tool['version']}"}}


def todo_lines(doc: dict[str, Any]) -> list[str]:
    """What a person still has to write: TODO markers in the file, and typed fields left out of it."""
    out = []
    for key, value in doc.items():
        values = value if isinstance(value, list) else [value]
        out += [f"{key}: {v}" for v in values if is_todo(v)]
    return out + [f"{k}: {_todo(k)} (left out of the file: the validator needs a typed value)"
                  for k in HUMAN_TYPED if k not in doc]


def write_croissant(run_dir: Path, *, meta_path: Path | None = None, into: Path | None = None,
                    out: Path | None = None, force: bool = False, version: str = "1.1") -> CroissantResult:
    meta = load_meta(meta_path)
    theirs = load_existing(into) if into is not None else None
    doc = build(Path(run_dir), meta, version)
    result = CroissantResult(path=Path(out or into or Path(run_dir) / FILE_NAME))
    if theirs is not None:
        doc, result.kept, result.replaced = merge(theirs, doc, force=force, path=into)
    result.todos = todo_lines(doc)
    write_json_atomic(result.path, doc)
    return result
