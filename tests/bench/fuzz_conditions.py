"""Fuzz the rule-condition compiler: parse -> type check -> evaluate on a small batch.

Not part of the default test run. Run:
    PYTHONPATH=$PWD python3 tests/bench/fuzz_conditions.py [--examples 100000]
Any exception other than ConditionError (the documented error type) from parse/check_types, or any
exception at all from evaluating a condition that compiled, is a failure (hypothesis prints the case).
"""

from __future__ import annotations

import argparse
import time

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.policy.conditions import ConditionError, parse
from auditor.policy.evaluate import mask
from auditor.policy.typecheck import check_types

BATCH = pa.RecordBatch.from_pydict({
    "fam": pa.array(["cc-by", None, "unknown", "x\"\\"]).dictionary_encode(),
    "com": pa.array([True, None, False, True]),
    "score": pa.array([0.5, float("nan"), None, 1e300]),
    "n": pa.array([0, None, -3, 2**62], pa.int64()),
    "types": pa.array([["PERSON"], None, [], [None, "EMAIL"]]),
    "host": pa.array(["a.com", None, "", "é"]),
    "empty": pa.nulls(4, pa.dictionary(pa.int32(), pa.string())),
})
SIGNALS = dict(zip(BATCH.schema.names, BATCH.schema.types, strict=True))
WORDS = ["and", "or", "not", "in", "is", "null", "contains", "matches", "true", "false", "(", ")", "[", "]",
         ",", "==", "!=", "<", "<=", ">", ">=", "'PERSON'", "'cc-by'", "'a.*'", "'('", "0", "1.5", "-2",
         "1e400", "__import__", ".", "__class__", "lambda", ":", "x", *SIGNALS]
TOKENS = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=25)


def compile_and_run(text: str) -> None:
    try:
        node = parse(text)
        check_types(node, SIGNALS)
    except ConditionError:
        return
    result = mask(node, BATCH)  # must not raise once compiled
    assert len(result) == BATCH.num_rows and result.null_count == 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=100_000)
    args = ap.parse_args()

    @settings(max_examples=args.examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(TOKENS, st.booleans())
    def fuzz(pieces: list[str], spaced: bool) -> None:
        compile_and_run((" " if spaced else "").join(pieces))

    start = time.perf_counter()
    fuzz()
    elapsed = time.perf_counter() - start
    print(f"{args.examples:,} cases in {elapsed:.1f} s ({args.examples / elapsed:,.0f} cases/s): "
          "no exception other than ConditionError")


if __name__ == "__main__":
    main()
