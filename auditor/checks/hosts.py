"""Host evidence from image URLs: stock-photo agencies and Wikimedia Commons files.

An image served from a stock agency (Getty, Shutterstock, Alamy...) is almost certainly all rights
reserved whatever the dataset's license column says, so `copyright_risk_host` is copyright evidence on
its own. An image from `upload.wikimedia.org` (or a Commons `File:` page) has a license that can be
looked up, so it is marked `commons_candidate` for the Commons check.

Everything is vectorized: the authority is cut out of the URL with one cheap RE2 regex over the column,
authorities are dictionary-encoded, hosts and flags are computed on the distinct authorities, and
`take` brings them back to rows. The agency list is data (`auditor/data/stock_hosts.txt`).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import pyarrow as pa
import pyarrow.compute as pc

from auditor.checks.base import Check
from auditor.sources.canonical import column

DICT = pa.dictionary(pa.int32(), pa.string())

# The row pass only cuts the authority after "scheme://" or "//" (a one-pass RE2 pattern, the cheap
# kind); userinfo, port, case and trailing dots are handled on the distinct authorities.
_AUTHORITY = r"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//(?P<a>[^/?#\\\s]*)"
_BARE_HOST = r"^\s*(?P<a>[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+(?::\d+)?)(?:[/?#]|$)"
_HOST_OF_AUTHORITY = r"^(?:[^@]*@)?(?P<h>\[[0-9A-Fa-f:.]+\]|[^:@]*)"
_COMMONS_UPLOAD = ("upload.wikimedia.org",)
_COMMONS_PAGES = ("commons.wikimedia.org", "commons.m.wikimedia.org")
_COMMONS_FILE = "/wiki/File:"


@cache
def stock_hosts() -> tuple[str, ...]:
    """Entries of the stock-host data file, comments and blank lines dropped."""
    text = (resources.files("auditor") / "data" / "stock_hosts.txt").read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return tuple(e for e in entries if e)


@cache
def stock_host_regex() -> str:
    """One RE2 pattern for every entry: domains match themselves and subdomains; brand labels any TLD."""
    domains = [re.escape(e) for e in stock_hosts() if "." in e]
    labels = [re.escape(e) for e in stock_hosts() if "." not in e]
    parts = []
    if domains:
        parts.append(rf"(?:^|\.)(?:{'|'.join(domains)})$")
    if labels:
        parts.append(rf"(?:^|\.)(?:{'|'.join(labels)})\.(?:[a-z]{{2,3}}\.)?[a-z]{{2,}}$")
    return "|".join(parts) if parts else r"$^"


class HostsCheck(Check):
    """url -> lower-cased host, stock-agency flag and Commons-candidate flag (null when no host)."""

    name: ClassVar[str] = "hosts"
    input_columns: ClassVar[tuple[str, ...]] = ("url",)
    signals: ClassVar[dict[str, pa.DataType]] = {
        "url_host": DICT,
        "copyright_risk_host": pa.bool_(),
        "commons_candidate": pa.bool_(),
    }

    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        url = column(batch, "url")
        if pa.types.is_dictionary(url.type):
            url = url.dictionary_decode()
        authority = pc.struct_field(pc.extract_regex(url, _AUTHORITY), "a")
        bare = pc.and_(pc.is_null(authority), pc.is_valid(url))
        if pc.any(bare).as_py():  # rare: "www.example.com/a.jpg" without a scheme
            found = pc.struct_field(pc.extract_regex(pc.filter(url, bare), _BARE_HOST), "a")
            authority = pc.replace_with_mask(authority, bare, pc.cast(found, authority.type))
        encoded = pc.dictionary_encode(authority)
        # on the distinct authorities: drop userinfo and port, fold case and trailing dots, re-encode
        hosts = pc.struct_field(
            pc.extract_regex(pc.cast(encoded.dictionary, pa.string()), _HOST_OF_AUTHORITY), "h")
        hosts = pc.utf8_rtrim(pc.utf8_lower(hosts), characters=".")
        hosts = pc.if_else(pc.equal(hosts, ""), pa.nulls(len(hosts), pa.string()), hosts)
        folded = pc.dictionary_encode(hosts)
        idx = pc.take(folded.indices, encoded.indices)
        distinct = folded.dictionary
        risk = pc.match_substring_regex(distinct, stock_host_regex())
        upload = pc.is_in(distinct, pa.array(_COMMONS_UPLOAD))
        page = pc.is_in(distinct, pa.array(_COMMONS_PAGES))
        candidate = pc.take(upload, idx)
        row_page = pc.take(page, idx)
        if pc.any(row_page).as_py():
            is_file = pc.match_substring(url, _COMMONS_FILE)
            candidate = pc.or_(candidate, pc.and_(row_page, is_file))
        return pa.RecordBatch.from_arrays(
            [pa.DictionaryArray.from_arrays(idx, distinct), pc.take(risk, idx), candidate],
            schema=self.schema(),
        )

    def describe(self) -> dict[str, Any]:
        return {"stock_hosts": "auditor/data/stock_hosts.txt", "stock_host_entries": len(stock_hosts())}
