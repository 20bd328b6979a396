"""Fuzz the license normalizer: raw license strings -> SPDX id, family and facts, with no exception at all.

Not part of the default test run. Run:
    PYTHONPATH=$PWD python3 tests/bench/fuzz_license.py [--examples 100000]
The normalizer has no documented error type: any exception is a failure (hypothesis prints the case).
Invariants checked on every case: the family is a known one, an unknown license is never commercial,
and the Arrow table built from the result has the declared schema.
"""

from __future__ import annotations

import argparse
import time

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.checks.license_data import license_data
from auditor.checks.license_normalize import COLUMNS, normalize_one, normalize_values, to_table

WORDS = ["CC", "cc", "BY", "by", "NC", "SA", "ND", "4.0", "3.0", "2.5", "1.0", "CC0", "PDM", "zero",
         "creativecommons.org/licenses/", "creativecommons.org/publicdomain/zero/1.0/", "/deed.en", "/legalcode",
         "flickr.com/creativecommons/", "https://", "http://", "www.", "public domain", "Public Domain Mark",
         "(c)", "©", "Copyright", "All rights reserved", "GFDL", "FAL", "Attribution", "NonCommercial",
         "ShareAlike", "NoDerivatives", "International", "Unported", "License", "licence", "SPDX", "MIT",
         "Apache-2.0", "GPL-3.0-or-later", "OR", "AND", "WITH", "+", "-", "_", " ", "/", "?", "#", ".", ",",
         "unknown", "none", "n/a", "null", "{}", "[]", "\"", "'", "\x00", "\u200b", "\u0130", "\u00df",
         "\ufb01", "\ufffd", "\U0001f600", "\t", "\n", "PD-old", "{{PD-US}}", "de", "jp", "igo"]
PIECES = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=20)


def check(raw: str | None) -> None:
    n = normalize_one(raw)
    assert n.family in license_data().families, n
    if n.family == "unknown":
        assert n.license_id is None and n.commercial is None, n
    table = to_table([n])
    assert table.schema == pa.schema(list(COLUMNS.items()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=100_000)
    args = ap.parse_args()

    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(PIECES, st.sampled_from(["", " ", "-", "/"]), st.integers(0, 3))
    def fuzz(pieces: list[str], sep: str, repeat: int) -> None:
        raw = sep.join(pieces) * max(1, repeat)
        check(raw)

    start = time.perf_counter()
    fuzz()
    values = pa.array(["CC BY 4.0", None, "x" * 100_000, "\ud800".encode("utf-8", "surrogatepass").decode(
        "utf-8", "replace")])
    assert normalize_values(values.dictionary_encode()).num_rows == 4
    check(None)
    elapsed = time.perf_counter() - start
    print(f"{args.examples:,} cases in {elapsed:.1f} s ({args.examples / elapsed:,.0f} cases/s): "
          "no exception from the license normalizer")


if __name__ == "__main__":
    main()
