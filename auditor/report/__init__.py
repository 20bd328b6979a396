"""Reports rendered from a finished run directory (summary.json + examples.parquet), never from a scan."""
