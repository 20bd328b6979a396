"""Recognizers presidio lacks, as small presidio classes (one module each)."""
