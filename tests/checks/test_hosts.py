"""Host evidence from URLs (auditor/checks/hosts.py)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from auditor.checks.hosts import HostsCheck, stock_hosts
from auditor.checks.registry import check_class

CASES = [
    # url, host, copyright_risk_host, commons_candidate
    ("https://image.shutterstock.com/image-photo/x-260nw-1.jpg", "image.shutterstock.com", True, False),
    ("https://thumb9.shutterstock.com/display_pic_with_logo/1/1/stock-photo-1.jpg",
     "thumb9.shutterstock.com", True, False),
    ("http://c8.alamy.com/comp/A1B2C3/x.jpg", "c8.alamy.com", True, False),
    ("//media.gettyimages.com/photos/x-picture-id1", "media.gettyimages.com", True, False),
    ("HTTPS://WWW.GettyImages.co.uk/detail/1", "www.gettyimages.co.uk", True, False),
    ("https://media.istockphoto.com/photos/x.jpg?s=612x612", "media.istockphoto.com", True, False),
    ("https://thumbs.dreamstime.com/b/x-1.jpg", "thumbs.dreamstime.com", True, False),
    ("https://us.123rf.com/450wm/x/x.jpg", "us.123rf.com", True, False),
    ("https://st.depositphotos.com/1/2/i/450/x.jpg", "st.depositphotos.com", True, False),
    ("https://user:pw@t3.ftcdn.net:443/jpg/01/x.jpg", "t3.ftcdn.net", True, False),
    ("https://stock.adobe.com/images/x/1", "stock.adobe.com", True, False),
    ("http://static6.bigstockphoto.com/thumbs/x.jpg", "static6.bigstockphoto.com", True, False),
    ("https://www.agefotostock.com/age/x.jpg", "www.agefotostock.com", True, False),
    ("https://images.pond5.com/x.jpeg", "images.pond5.com", True, False),
    ("http://cdn.xxl.thumbs.canstockphoto.com/x.jpg", "cdn.xxl.thumbs.canstockphoto.com", True, False),
    ("https://cdn.vectorstock.com/i/1000x1000/x.jpg", "cdn.vectorstock.com", True, False),
    ("http://fotolia.com/id/1", "fotolia.com", True, False),
    ("www.dreamstime.com/x.jpg", "www.dreamstime.com", True, False),
    ("thumbs.dreamstime.com:8080/x.jpg", "thumbs.dreamstime.com", True, False),
    # near misses are not stock hosts
    ("https://images.sftcdn.net/images/x.jpg", "images.sftcdn.net", False, False),
    ("https://notalamy.com/x.jpg", "notalamy.com", False, False),
    ("https://alamy.example.org/x.jpg", "alamy.example.org", False, False),
    ("https://adobe.com/stock.jpg", "adobe.com", False, False),
    ("https://example.com./x.jpg", "example.com", False, False),
    ("http://EXAMPLE.com?x=1", "example.com", False, False),
    ("http://a.com#frag", "a.com", False, False),
    ("  https://x.org/a", "x.org", False, False),
    ("http://[::1]:8080/x", "[::1]", False, False),
    ("ftp://a.b/x", "a.b", False, False),
    # Wikimedia Commons
    ("https://upload.wikimedia.org/wikipedia/commons/a/ab/X.jpg", "upload.wikimedia.org", False, True),
    ("https://upload.wikimedia.org/wikipedia/commons/thumb/a/ab/X.jpg/640px-X.jpg",
     "upload.wikimedia.org", False, True),
    ("https://commons.wikimedia.org/wiki/File:X.jpg", "commons.wikimedia.org", False, True),
    ("https://commons.m.wikimedia.org/wiki/File:X.jpg", "commons.m.wikimedia.org", False, True),
    ("https://commons.wikimedia.org/wiki/Main_Page", "commons.wikimedia.org", False, False),
    ("https://en.wikipedia.org/wiki/File:X.jpg", "en.wikipedia.org", False, False),
    # no host: unknown (null), not "not a stock host"
    ("data:image/png;base64,iVBORw0KGgo=", None, None, None),
    ("UNLIKELY", None, None, None),
    ("", None, None, None),
    (None, None, None, None),
    ("http:///path-only", None, None, None),
    ("http://[::1", None, None, None),
    ("http://[::1/x", None, None, None),
]


@pytest.mark.parametrize(("url", "host", "risk", "commons"), CASES)
def test_url_table(url, host, risk, commons):
    out = HostsCheck().run(pa.RecordBatch.from_pydict({"url": pa.array([url], pa.string())}))
    assert out.drop_columns(["hosts_status"]).to_pylist() == [
        {"url_host": host, "copyright_risk_host": risk, "commons_candidate": commons}]
    assert out.column("hosts_status").to_pylist() == [None if host is None else "ok"]


def test_whole_table_in_one_batch_and_large_string():
    urls = [c[0] for c in CASES] * 7
    for arr in (pa.array(urls, pa.string()), pa.array(urls, pa.large_string()),
                pa.array(urls).dictionary_encode()):
        out = HostsCheck().run(pa.RecordBatch.from_pydict({"url": arr}))
        assert out.schema == HostsCheck.schema()
        assert out.column("url_host").to_pylist() == [c[1] for c in CASES] * 7
        assert out.column("copyright_risk_host").to_pylist() == [c[2] for c in CASES] * 7
        assert out.column("commons_candidate").to_pylist() == [c[3] for c in CASES] * 7
        dictionary = out.column("url_host").dictionary
        assert len(pc.unique(dictionary)) == len(dictionary) and dictionary.null_count == 0


def test_absent_url_column_is_unknown():
    out = HostsCheck().run(pa.RecordBatch.from_pydict({"caption": ["a", "b"]}))
    assert out.num_rows == 2
    assert all(out.column(i).null_count == 2 for i in range(out.num_columns))


def test_registered():
    assert check_class("hosts") is HostsCheck


def _python_is_stock(host: str) -> bool:
    """An independent, per-value reading of the stock_hosts.txt rules, for cross-checking."""
    labels = host.split(".")
    for entry in stock_hosts():
        if "." in entry:
            if host == entry or host.endswith("." + entry):
                return True
        elif entry in labels:
            tail = labels[labels.index(entry) + 1:]
            if 1 <= len(tail) <= 2 and (len(tail) == 1 or len(tail[0]) <= 3):
                return True
    return False


def test_laion_sample_hosts_match_urllib(laion_10k):
    table = pq.read_table(laion_10k, columns=["URL"]).rename_columns(["url"])
    urls = table.column("url").to_pylist()
    hosts, risk, commons = [], [], []
    check = HostsCheck()
    for batch in table.to_batches(max_chunksize=3000):
        out = check.run(batch)
        hosts += out.column("url_host").to_pylist()
        risk += out.column("copyright_risk_host").to_pylist()
        commons += out.column("commons_candidate").to_pylist()
    assert len(hosts) == len(urls) == 10_000
    expected = [(urlsplit(u).hostname or None) if u else None for u in urls]
    expected = [re.sub(r"\.$", "", h) if h else None for h in expected]
    mismatches = [(u, h, e) for u, h, e in zip(urls, hosts, expected, strict=True)
                  if (h or "").strip("[]") != (e or "")]
    assert mismatches == []
    want_risk = [None if h is None else _python_is_stock(h) for h in hosts]
    assert risk == want_risk
    n_risk = sum(1 for r in risk if r)
    assert n_risk > 300  # the sample has hundreds of Dreamstime, Depositphotos, Shutterstock... rows
    assert sum(1 for c in commons if c) == sum(1 for h in hosts if h == "upload.wikimedia.org") > 0
