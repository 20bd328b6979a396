"""`audit croissant RUN_DIR`: a Croissant 1.0/1.1 JSON-LD description of the audited dataset, with the
Responsible-AI (RAI) fields filled from what the audit measured.

structure.py describes the files and columns (FileObject, RecordSet), measure.py reads the counts the
fields need from summary.json and signals.parquet, rai.py turns them into sentences with their numbers,
meta.py reads the human-written fields (--meta FILE.yaml), merge.py merges into an existing file
(--into) and build.py puts it together. Field names follow the RAI spec
(mlcommons/croissant docs/croissant-rai-spec.md), not mlcroissant's constants where they differ.
"""
