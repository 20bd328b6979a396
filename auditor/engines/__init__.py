"""Engines run the same check objects over batches: locally, or (later) on Ray."""
