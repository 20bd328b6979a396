"""Commands over finished run directories: re-render, diff, export, attribution (no scanning)."""
