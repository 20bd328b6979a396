"""Distinct URL authorities without a per-row regex (auditor/checks/url_authority.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.checks.hosts import HostsCheck
from auditor.checks.url_authority import authority_codes

# the reference: one regex per row, the obvious (slow) way
REFERENCE = r"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//(?P<a>[^/\\\s]*)"


def authorities(arr: pa.Array) -> list[str | None]:
    codes, dictionary = authority_codes(arr)
    values = dictionary.to_pylist() + [None]
    return [values[c] for c in codes]  # code -1 -> the trailing None


@pytest.mark.parametrize(("url", "want"), [
    ("https://a.example.com/x.jpg", "a.example.com"),
    ("http://user:pw@h.org:8080/p", "user:pw@h.org:8080"),
    ("//cdn.example.net/a", "cdn.example.net"),
    ("https://h.org", "h.org"),
    ("https://h.org?q=1", "h.org?q=1"),  # query/fragment are cut later, on distinct values
    ("http:///nohost", None),
    ("www.dreamstime.com/x.jpg", "www.dreamstime.com"),
    ("data:image/png;base64,AAAA", None),
    ("/relative/path.jpg", None),
    ("UNLIKELY", None),
    ("", None),
    (None, None),
])
def test_table(url, want):
    assert authorities(pa.array([url, "https://next.org/x"], pa.string())) == [want, "next.org"]
    assert authorities(pa.array(["https://prev.org", url], pa.string())) == ["prev.org", want]


@pytest.mark.parametrize("typ", [pa.string(), pa.large_string()])
def test_slices_and_offset_types_match_reference(typ, laion_10k):
    urls = pq.read_table(laion_10k, columns=["URL"]).column("URL").combine_chunks()
    urls = pc.cast(urls, typ)
    for start, length in [(0, 10_000), (1, 999), (4321, 1234), (9_990, 10), (5000, 0)]:
        part = urls.slice(start, length)
        ref = pc.struct_field(pc.extract_regex(part, REFERENCE), "a").to_pylist()
        ref = [r or None for r in ref]
        assert authorities(part) == ref


def test_all_empty_and_all_null():
    assert authorities(pa.array(["", "", ""])) == [None, None, None]
    assert authorities(pa.nulls(4, pa.string())) == [None] * 4
    assert authorities(pa.array([], pa.string())) == []


def test_dictionary_codes_are_distinct():
    arr = pa.array(["https://a.org/1", "https://a.org/2", "https://b.org/1", "x"] * 1000)
    codes, dictionary = authority_codes(arr)
    assert sorted(dictionary.to_pylist()) == ["a.org", "b.org"]
    assert np.count_nonzero(codes == -1) == 1000


hosts = st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,10}){1,3}", fullmatch=True)
url_parts = st.tuples(
    st.sampled_from(["http://", "https://", "HTTPS://", "//", "ftp://"]),
    st.one_of(st.just(""), st.just("user@"), st.just("u:p@")),
    hosts,
    st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}")),
    st.one_of(st.just(""), st.from_regex(r"/[A-Za-z0-9_./%-]{0,40}", fullmatch=True)),
    st.one_of(st.just(""), st.just("?a=1"), st.just("#frag")),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(url_parts, min_size=1, max_size=20))
def test_hosts_match_urllib(parts):
    urls = ["".join(p) for p in parts]
    out = HostsCheck().run(pa.RecordBatch.from_pydict({"url": pa.array(urls)}))
    want = [urlsplit(u).hostname for u in urls]
    assert out.column("url_host").to_pylist() == want
