"""The contract every check follows.

A check is a small object with a name, the canonical input columns it reads, the signal columns it
writes (with Arrow types) and one method `run(batch)`. The engine never looks inside a check, so the
same check object runs in the local engine, in a worker process or in a Ray actor.

Heavy resources (spaCy pipelines, ONNX sessions, HTTP clients) are opened lazily in `open()` - once per
worker - and released in `close()`. Constructors take typed options only; they never read the
environment, so a check built in one process behaves the same in another.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar, Self

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict, ValidationError

from auditor.errors import ConfigError
from auditor.stats import Stats

STATUS_OK = "ok"


class CheckOptions(BaseModel):
    """Typed options of one check; unknown keys are an error, never ignored.

    `from_values` is the one place a check's options are validated: the CLI calls it once, at the
    command line, and hands the model on (the plan and the check take it as it is); a dict from a test
    or a notebook goes through the same call, so errors read the same whoever built the options.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    #: option field (dotted for nested ones) -> the command-line flag that sets it, so an error names
    #: what the user typed rather than our field name
    flags: ClassVar[dict[str, str]] = {}
    #: the check these options belong to, in error messages
    label: ClassVar[str] = "check"

    @classmethod
    def from_values(cls, values: Mapping[str, Any] | CheckOptions | None = None) -> Self:
        """Validate `values` (a model is returned as it is): a ValidationError becomes a ConfigError
        naming the flag (or the option key when no flag sets it)."""
        if isinstance(values, cls):
            return values
        if isinstance(values, CheckOptions):
            raise ConfigError(f"{cls.label} options must be {cls.__name__}, not {type(values).__name__}")
        try:
            return cls.model_validate(dict(values or {}))
        except ValidationError as exc:
            first = exc.errors()[0]
            key = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"invalid {cls.label} option: {first['msg']}", column=cls.flags.get(key, key)) from None


class Check(ABC):
    """One concern, one method over a batch.

    `run` returns a RecordBatch with exactly the columns in `signals`, the same length and order as the
    input batch. A check that cannot decide for a row writes nulls ("unknown") and says why in its
    `<name>_status` column (`ok`, `skipped:<reason>`, `error:<reason>`) when it declares one.
    """

    name: ClassVar[str]
    #: canonical input columns read (see auditor.sources.canonical); missing optional ones arrive as nulls.
    #: The engines hand run() only these (auditor.engines.checkrun.run_check), so the list is the whole truth
    input_columns: ClassVar[tuple[str, ...]] = ()
    #: signal column name -> Arrow type, in output order
    signals: ClassVar[dict[str, pa.DataType]] = {}
    #: the options model of this check; the CLI builds one from its flags
    Options: ClassVar[type[CheckOptions]] = CheckOptions
    #: facts in describe() that depend on the processes that ran the check (cache hits, timings, requests):
    #: summed over every unit they are the work really done, which differs between a one-shot, a resumed
    #: and a Ray run of the same scan (each process starts with cold caches); every other counter is equal
    volatile_facts: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: CheckOptions | Mapping[str, Any] | None = None) -> None:
        self.options = self.Options.from_values(options)
        self._taken = Stats()

    def open(self) -> None:  # noqa: B027 - optional hook
        """Load heavy resources. Called once per worker before the first batch."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources. Called once per worker after the last batch."""

    @abstractmethod
    def run(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Return the signal columns for `batch`."""

    def counters(self) -> Stats:
        """This object's counters since it was built (rows seen, images decoded, cache hits...)."""
        return Stats()

    def take_stats(self) -> Stats:
        """The counters since the last call: the engines call it at the end of each unit (local) or batch (Ray),
        so every unit's marker holds its own share and summary.json shows their sum (auditor.stats)."""
        now = self.counters()
        delta = now - self._taken
        self._taken = now
        return delta

    def describe(self, stats: Stats | None = None) -> dict[str, Any]:
        """Facts for summary.json's methodology: models, hashes, licenses, thresholds, and the counters in
        `stats` (the run's merged counters; this object's own when None)."""
        return {}

    @classmethod
    def schema(cls) -> pa.Schema:
        return pa.schema([pa.field(n, t) for n, t in cls.signals.items()])

    def empty_signals(self, num_rows: int) -> pa.RecordBatch:
        """All-null signals: what a check writes for rows it could not look at."""
        return pa.RecordBatch.from_arrays(
            [pa.nulls(num_rows, t) for t in self.signals.values()], schema=self.schema()
        )


def status_column(num_rows: int, status: str = STATUS_OK) -> pa.Array:
    """A dictionary-encoded status column, cheap even for millions of rows."""
    indices = pa.array(np.zeros(num_rows, dtype=np.int32))
    return pa.DictionaryArray.from_arrays(indices, pa.array([status]))


def ok_strings(num_rows: int) -> pa.Array:
    """A plain string column of "ok", built from buffers: the common case costs no per-row work."""
    offsets = np.arange(0, 2 * num_rows + 1, 2, dtype=np.int32)
    return pa.StringArray.from_buffers(num_rows, pa.py_buffer(offsets), pa.py_buffer(b"ok" * num_rows))


def combine_status(statuses: list[pa.Array], num_rows: int) -> pa.Array:
    """Row status from per-check statuses: any error wins, then any skip, else ok.

    The first check (in run order) with an error - or, failing that, a skip - gives the reason.
    """
    result = ok_strings(num_rows)
    if not statuses:
        return result
    for prefix in ("skipped:", "error:"):  # later loop wins: errors override skips
        chosen = pa.nulls(num_rows, pa.string())
        for st in reversed(statuses):
            st = st.cast(pa.string()) if not pa.types.is_string(st.type) else st
            hit = pc.fill_null(pc.starts_with(st, prefix), False)
            chosen = pc.if_else(hit, st, chosen)
        result = pc.coalesce(chosen, result)
    return result
