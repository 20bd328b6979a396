"""Issue #16 item 3: look-alike hosts are read the way a browser reads them before any host rule; a host
that cannot be normalized is `skipped:invalid_host` with unknown flags, never "not a stock host"."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hostile import scan

from auditor.checks.host_normalize import normalize_host

LOOKALIKES = [
    "https://www\uff0eshutterstock\uff0ecom/a.jpg",          # FULLWIDTH FULL STOP
    "https://www\u3002shutterstock\u3002com/a.jpg",          # IDEOGRAPHIC FULL STOP
    "https://www\uff61shutterstock\uff61com/a.jpg",          # HALFWIDTH IDEOGRAPHIC FULL STOP
    "https://\uff57\uff57\uff57.\uff53\uff48\uff55\uff54\uff54\uff45\uff52\uff53\uff54\uff4f\uff43\uff4b.\uff43\uff4f\uff4d/a.jpg",
    "https://www.shutterstock.com\u3002/a.jpg",              # trailing ideographic dot
    "https://www.shutter\u00adstock.com/a.jpg",              # soft hyphen
    "https://www.shutterstock.com\u200f/a.jpg",              # trailing RLM (bidi control)
    "https://www.shutterstock.com\u202e/a.jpg",              # trailing RLO
    "https://WWW.SHUTTER\u200bSTOCK.COM/a.jpg",              # zero-width space, upper case
    "https://www.shutterstock%2Ecom/a.jpg",                  # percent-encoded dot
    "https://www.shutterstock.com\ufe0f/a.jpg",              # variation selector
]
INVALID = [
    "https://www.shutterstock.com\ufffd/a.jpg",               # U+FFFD: disallowed by UTS 46
    "https://shutterstock\uff0fcom/a.jpg",                    # fullwidth solidus maps to a forbidden '/'
    "https://www.shutterstock%zz.com/a.jpg",                  # a '%' that is no escape
    "https://xn--zz\u00e9.com/a.jpg",                          # not a valid label
]


def test_lookalike_hosts_are_stock_hosts_end_to_end(tmp_path):
    urls = LOOKALIKES + INVALID + ["https://example.com/ok.jpg"]
    data = tmp_path / "a.parquet"
    pq.write_table(pa.table({"URL": urls, "TEXT": ["c"] * len(urls), "LICENSE": ["CC0"] * len(urls)}), data)
    proc, _, signals = scan(data, tmp_path / "run")
    assert proc.returncode in (0, 1), proc.stderr
    rows = signals.sort_by("row_index").to_pylist()
    for url, row in zip(LOOKALIKES, rows, strict=False):
        assert (row["url_host"], row["copyright_risk_host"], row["status"]) == \
            ("www.shutterstock.com", True, "ok"), url
    for url, row in zip(INVALID, rows[len(LOOKALIKES):], strict=False):
        assert row["copyright_risk_host"] is None and row["url_host"] is None, url
        assert row["hosts_status"] == "skipped:invalid_host" == row["status"], url
    assert (rows[-1]["url_host"], rows[-1]["copyright_risk_host"], rows[-1]["hosts_status"]) == \
        ("example.com", False, "ok")


@pytest.mark.parametrize(("raw", "want"), [
    ("b\u00fccher.de", "xn--bcher-kva.de"),     # IDN: the A-label, as a browser sends it
    ("\u2488.com", None),                       # DIGIT ONE FULL STOP: disallowed
    ("a\u3002b\uff0ec\uff61d", "a.b.c.d"),
    ("www.example.com.", "www.example.com"),
    ("exa mple.com", None),                     # a space is a forbidden host code point
])
def test_normalize_host(raw, want):
    assert normalize_host(raw) == want
