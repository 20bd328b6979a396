"""Recognizers presidio lacks, as small presidio classes (one module each)."""

#: recognition_metadata key under which a recognizer names why a candidate is not its entity; the stage
#: turns such a candidate into a cut with that reason (auditor.pii.engine)
REJECT_KEY = "auditor_reject"
