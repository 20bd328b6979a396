"""Run state: units of work, the manifest that makes a run resumable, and per-unit part files.

Layout of a run directory (see docs/resume.md):

    RUN_DIR/manifest.json              inputs' fingerprints, policy hashes, tool version, config, units
    RUN_DIR/parts/<unit>.signals.arrows  per-unit outputs (Arrow IPC stream, lz4), renamed into place
    RUN_DIR/parts/<unit>.findings.arrows
    RUN_DIR/parts/<unit>.examples.arrows
    RUN_DIR/parts/<unit>.done.json     completion marker (written last): counts, check stats, failures, read errors
    RUN_DIR/signals.parquet, findings.parquet, examples.parquet, summary.json, report.*  (final)
"""
