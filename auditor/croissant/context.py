"""The JSON-LD @context and the vocabulary names we write, per Croissant version.

The context is the one the Croissant spec's examples use, plus `rai` (RAI vocabulary) and `prov`
(W3C PROV-O, which Croissant recommends for provenance). Version 1.1 adds a few terms (isArray, ...).
"""

from __future__ import annotations

from typing import Any

VERSIONS = {"1.0": "http://mlcommons.org/croissant/1.0", "1.1": "http://mlcommons.org/croissant/1.1"}
RAI_CONFORMS_TO = "http://mlcommons.org/croissant/RAI/1.0"

#: RAI properties the audit fills from measurement (spec names, rai: prefix)
MEASURED = ("rai:dataCollectionType", "rai:dataCollectionRawData", "rai:dataCollectionMissingData",
            "rai:personalSensitiveInformation", "rai:dataLimitations", "rai:machineAnnotationTools",
            "rai:dataPreprocessingProtocol")
#: fields only a person can write: --meta FILE.yaml key -> JSON-LD property
HUMAN_RAI = {"dataUseCases": "rai:dataUseCases", "dataSocialImpact": "rai:dataSocialImpact",
             "dataReleaseMaintenancePlan": "rai:dataReleaseMaintenancePlan", "dataBiases": "rai:dataBiases",
             "dataCollection": "rai:dataCollection"}
#: dataset fields from --meta whose absence becomes a TODO marker in the file (free text)
HUMAN_TEXT = ("name", "description", "license", "url", "citeAs")
#: typed dataset fields: never a TODO marker in the file (the validator would reject it), listed on stderr
HUMAN_TYPED = ("datePublished", "version", "creator", "keywords", "inLanguage")
TODO = "TODO(audit croissant)"


def context(version: str) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "@language": "en", "@vocab": "https://schema.org/", "citeAs": "cr:citeAs", "column": "cr:column",
        "conformsTo": "dct:conformsTo", "cr": "http://mlcommons.org/croissant/",
        "rai": "http://mlcommons.org/croissant/RAI/", "prov": "http://www.w3.org/ns/prov#",
        "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
        "dct": "http://purl.org/dc/terms/", "equivalentProperty": "cr:equivalentProperty",
        "samplingRate": "cr:samplingRate", "examples": {"@id": "cr:examples", "@type": "@json"},
        "extract": "cr:extract", "field": "cr:field", "fileProperty": "cr:fileProperty",
        "fileObject": "cr:fileObject", "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes",
        "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key", "md5": "cr:md5",
        "parentField": "cr:parentField", "path": "cr:path", "recordSet": "cr:recordSet",
        "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated", "replace": "cr:replace",
        "sc": "https://schema.org/", "separator": "cr:separator", "source": "cr:source",
        "subField": "cr:subField", "transform": "cr:transform",
    }
    if version == "1.1":
        ctx.update({"arrayShape": "cr:arrayShape", "containedIn": "cr:containedIn", "isArray": "cr:isArray"})
    return dict(sorted(ctx.items()))
