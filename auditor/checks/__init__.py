"""Checks: each turns a batch of canonical input columns into signal columns."""
