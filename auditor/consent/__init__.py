"""Machine-readable opt-outs: robots.txt (RFC 9309), TDMRep, X-Robots-Tag, ai.txt and IETF aipref
Content-Usage. patterns.py is the one linear-time path matcher they share; sfv.py parses Structured Fields.

Each module turns one protocol's raw text or headers into a tri-state decision with the evidence a
reviewer needs (the matching line or header). Fetching and caching live in fetch.py and cache.py, so the
parsers stay pure functions that are easy to test on hostile inputs.
"""

RESERVED = "reserved"
ALLOWED = "allowed"
UNKNOWN = "unknown"
