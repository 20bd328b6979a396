"""Host evidence from image URLs: stock-photo agencies and Wikimedia Commons files.

An image served from a stock agency (Getty, Shutterstock, Alamy...) is almost certainly all rights
reserved whatever the dataset's license column says, so `copyright_risk_host` is copyright evidence on
its own. An image from `upload.wikimedia.org` (or a Commons `File:` page) has a license that can be
looked up, so it is marked `commons_candidate` for the Commons check.

Everything is vectorized: distinct URL authorities come from `url_authority` (substring search, no
regex per row), hosts and flags are computed on the distinct authorities, and a numpy gather brings
them back to rows. The agency list is data (`auditor/data/stock_hosts.txt`).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor.checks.base import Check
from auditor.checks.gather import bool_array, gather_bool, gather_dictionary
from auditor.checks.host_normalize import normalize_hosts
from auditor.checks.license_data import data_file_facts
from auditor.checks.url_authority import authority_codes
from auditor.sources.canonical import column
from auditor.stats import Stats

DICT = pa.dictionary(pa.int32(), pa.string())

#: an unclosed IPv6 bracket (`http://[::1`) gives no host (null), not the host "["
_HOST_OF_AUTHORITY = r"^(?:[^@/?#]*@)?(?P<h>\[[0-9A-Fa-f:.]+\]|[^:@/?#\\\s\[\]]*)"
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


_STATUS = pa.array(["ok", "skipped:invalid_host"])


def _status(has_host: np.ndarray, bad: np.ndarray) -> pa.DictionaryArray:
    codes = np.where(bad, 1, np.where(has_host, 0, -1)).astype(np.int32)
    return gather_dictionary(codes, _STATUS, np.arange(len(codes)))


def _flags(per_host: pa.Array) -> np.ndarray:
    """Per-host booleans plus a trailing False for the "no host" slot."""
    return np.append(per_host.to_numpy(zero_copy_only=False), False)


class HostsCheck(Check):
    """url -> host as a browser reads it, stock-agency flag and Commons-candidate flag (null when no host).

    `hosts_status` is `ok` for rows with a host, `skipped:invalid_host` where the host cannot be
    normalized (flags then null: unknown, never "not a stock host"), null for rows without a URL host.
    """

    name: ClassVar[str] = "hosts"
    input_columns: ClassVar[tuple[str, ...]] = ("url",)
    signals: ClassVar[dict[str, pa.DataType]] = {
        "url_host": DICT,
        "copyright_risk_host": pa.bool_(),
        "commons_candidate": pa.bool_(),
        "hosts_status": DICT,
    }

    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        url = column(batch, "url")
        if pa.types.is_dictionary(url.type):
            url = url.dictionary_decode()
        auth_codes, authorities = authority_codes(url)
        # on the distinct authorities: drop userinfo, port, query; fold case and trailing dots
        hosts = pc.struct_field(pc.extract_regex(authorities, _HOST_OF_AUTHORITY), "h")
        hosts = pc.utf8_rtrim(pc.utf8_lower(hosts), characters=".")
        hosts = pc.if_else(pc.equal(hosts, ""), pa.nulls(len(hosts), pa.string()), hosts)
        folded = pc.dictionary_encode(hosts)
        # as a browser reads them (UTS 46, odd dots, ignorables); unmappable ones become "invalid"
        distinct, remap, invalid = normalize_hosts(folded.dictionary)
        unknown_slot = len(distinct)  # one extra slot per table below: "no host", all null
        old = pc.fill_null(folded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        remap, invalid = np.append(remap, -1), np.append(invalid, False)  # index -1: no host
        new = remap[old]
        host_of_auth = np.append(np.where(new >= 0, new, unknown_slot), unknown_slot)
        bad_of_auth = np.append(invalid[old], False)
        slot = host_of_auth[auth_codes].astype(np.int32)  # auth code -1 picks the appended slot
        status = _status(slot < unknown_slot, bad_of_auth[auth_codes])

        codes = np.append(np.arange(unknown_slot, dtype=np.int32), np.int32(-1))
        known = codes >= 0
        risk = _flags(pc.match_substring_regex(distinct, stock_host_regex()))
        upload = _flags(pc.is_in(distinct, pa.array(_COMMONS_UPLOAD)))
        page = _flags(pc.is_in(distinct, pa.array(_COMMONS_PAGES)))
        pages = np.flatnonzero(page[slot])
        if len(pages):  # Commons pages count only when they show a file: look at those rows only
            is_file = pc.match_substring(pc.take(url, pa.array(pages)), _COMMONS_FILE)
            row_candidate = upload[slot]
            row_candidate[pages] = pc.fill_null(is_file, False).to_numpy(zero_copy_only=False)
            candidate = bool_array(row_candidate, known[slot])
        else:
            candidate = gather_bool(upload, known, slot)
        return pa.RecordBatch.from_arrays(
            [gather_dictionary(codes, distinct, slot), gather_bool(risk, known, slot), candidate, status],
            schema=self.schema(),
        )

    def describe(self, stats: Stats | None = None) -> dict[str, Any]:
        return {"stock_hosts": data_file_facts("stock_hosts.txt"), "stock_host_entries": len(stock_hosts())}
