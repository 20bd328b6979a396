"""PII in captions: a slim presidio analyzer, its worker pool, noise cuts and redaction.

Nothing here imports presidio or spaCy at package import time; `engine.build_analyzer` does, inside a
worker, after making tldextract offline.
"""
