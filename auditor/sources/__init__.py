"""Inputs: find files, pick a schema profile, stream canonical Arrow batches."""
