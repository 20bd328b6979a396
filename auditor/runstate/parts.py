"""Per-unit part files, completion markers, and the final outputs assembled from them.

Every unit's signals, findings and examples go to Arrow IPC stream files (lz4: cheap to write and to read
back, dictionaries may change per batch) under a temporary name; at the unit's end they are fsynced and
renamed, and only then is `<unit>.done.json` written (also atomically). A unit without its marker is
not done, whatever else is on disk, and its leftovers are deleted on resume. Batches also stream
straight into the final signals.parquet / findings.parquet (temporary names until close), and done
units of an earlier attempt are replayed from their parts in unit order, so the final files come out in
input order whether or not the run was interrupted.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

from auditor.aggregate import EXAMPLES_SCHEMA
from auditor.errors import OutputError
from auditor.policy.evaluate import FINDINGS_SCHEMA, Counts
from auditor.records import FileError
from auditor.runstate.totals import ExampleSelection, RunTotals, UnitTally
from auditor.runstate.units import Unit
from auditor.sinks import AtomicParquetWriter, write_json_atomic
from auditor.stats import Stats
from auditor.waivers.match import WAIVED_SCHEMA

PARTS_DIR = "parts"
KINDS = ("signals", "findings", "examples", "waived")
IPC_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")


@contextmanager
def writing(path: Path):
    """Turn a failed write (disk full, RLIMIT_FSIZE, permissions) into an error naming the path."""
    try:
        yield
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc.strerror or exc}", file=str(path)) from exc


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def marker_path(parts: Path, unit: Unit) -> Path:
    return parts / f"{unit.id}.done.json"


def part_path(parts: Path, unit: Unit, kind: str) -> Path:
    return parts / f"{unit.id}.{kind}.arrows"


def done_units(run_dir: Path, units: list[Unit]) -> set[str]:
    """Units with a marker and all parts; every other file in parts/ is an unfinished leftover: removed."""
    parts = run_dir / PARTS_DIR
    if not parts.is_dir():
        return set()
    done = {u.id for u in units if marker_path(parts, u).is_file()
            and all(part_path(parts, u, k).is_file() for k in KINDS)}
    keep = {marker_path(parts, u).name for u in units if u.id in done}
    keep |= {part_path(parts, u, k).name for u in units if u.id in done for k in KINDS}
    for leftover in parts.iterdir():
        if leftover.name not in keep:
            leftover.unlink()
    return done


class UnitParts:
    """The three IPC part files of one unit being written."""

    def __init__(self, parts: Path, unit: Unit, schemas: dict[str, pa.Schema]) -> None:
        self.unit = unit
        self.final = {k: part_path(parts, unit, k) for k in KINDS}
        self.tmp = {k: p.with_name(p.name + ".tmp") for k, p in self.final.items()}
        self.sinks: dict[str, Any] = {}
        self.writers: dict[str, pa.ipc.RecordBatchStreamWriter] = {}
        for k in KINDS:
            with writing(self.tmp[k]):
                self.sinks[k] = pa.OSFile(str(self.tmp[k]), "wb")
                self.writers[k] = pa.ipc.new_stream(self.sinks[k], schemas[k], options=IPC_OPTIONS)

    def write(self, kind: str, batch: pa.RecordBatch) -> None:
        with writing(self.tmp[kind]):
            self.writers[kind].write_batch(batch)

    def commit(self) -> None:
        for k in KINDS:
            with writing(self.tmp[k]):
                self.writers[k].close()
                self.sinks[k].close()
                with open(self.tmp[k], "rb+") as fh:
                    os.fsync(fh.fileno())
                os.replace(self.tmp[k], self.final[k])

    def discard(self) -> None:
        for k in KINDS:
            try:
                self.writers[k].close()
                self.sinks[k].close()
            except (OSError, pa.ArrowException, KeyError):
                pass
            self.tmp[k].unlink(missing_ok=True)


def read_part(path: Path) -> pa.Table:
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_stream(source).read_all()


class RunWriter:
    """Receives unit events in unit order (from any engine) and owns every output file of the run; what the
    summary is made of lives in `totals` and `examples` (auditor.runstate.totals)."""

    def __init__(self, run_dir: Path, signals_schema: pa.Schema, policy_counts: Counts,
                 signals_file: str, findings_file: str, waived_file: str | None = None, *,
                 stream_final: bool = True) -> None:
        self.parts = run_dir / PARTS_DIR
        with writing(self.parts):
            self.parts.mkdir(exist_ok=True)
        self.schemas = {"signals": signals_schema, "findings": FINDINGS_SCHEMA, "examples": EXAMPLES_SCHEMA,
                        "waived": WAIVED_SCHEMA}
        self.finals: dict[str, AtomicParquetWriter] = {}
        for kind, name in (("signals", signals_file), ("findings", findings_file), ("waived", waived_file)):
            if name is not None:
                with writing(run_dir / name):
                    self.finals[kind] = AtomicParquetWriter(run_dir / name, self.schemas[kind])
        self.totals = RunTotals(policy_counts)
        self.examples = ExampleSelection()
        #: the local engine streams batches into the final files as units complete in order; for an engine
        #: that completes units out of order the scan passes False, and the engine calls append_final() at the end
        self.stream_final = stream_final
        self._open: UnitParts | None = None
        self._tally = UnitTally()

    # -- events -------------------------------------------------------------------------------------
    def start_unit(self, unit: Unit) -> None:
        self._open = UnitParts(self.parts, unit, self.schemas)
        self._tally = UnitTally()

    def write(self, batch: pa.RecordBatch, signals: pa.RecordBatch, result: Any) -> None:
        """`result`: the policy's result for the batch (findings, counts, waived, stats: auditor.scan_hooks)."""
        assert self._open is not None
        tables = {"signals": [signals], "findings": result.findings.to_batches(),
                  "waived": result.waived.to_batches() if result.waived is not None else []}
        for kind, chunks in tables.items():
            for chunk in chunks:
                self._open.write(kind, chunk)
                if self.stream_final and kind in self.finals:
                    with writing(self.finals[kind].path):
                        self.finals[kind].write(chunk)
        self._tally.add(batch, signals, result)

    def finish_unit(self, failures: dict, file_error: FileError | None, rows_read: int,
                    check_stats: dict[str, Stats] | None = None) -> None:
        """`check_stats`: each check's counters over this unit (Check.take_stats), stored in the marker."""
        parts = self._open
        assert parts is not None
        for chunk in self._tally.examples.table().to_batches():
            parts.write("examples", chunk)
        parts.commit()
        marker = self._tally.marker(parts.unit.id, rows_read, failures, file_error, check_stats)
        path = marker_path(self.parts, parts.unit)
        with writing(path):
            write_json_atomic(path, marker)
            fsync_dir(self.parts)
        self._open = None
        self.totals.merge(parts.unit.stream, marker)
        if self.stream_final:  # in unit order: examples now; otherwise the engine calls take_examples()
            self.take_examples(parts.unit)

    def abort_unit(self) -> None:
        if self._open is not None:
            self._open.discard()
            self._open = None

    def replay(self, unit: Unit) -> None:
        """A unit finished by an earlier attempt: its parts go into the final files, its counts into totals."""
        marker = json.loads(marker_path(self.parts, unit).read_text(encoding="utf-8"))
        self.append_final(unit)
        self.totals.merge(unit.stream, marker)
        self.take_examples(unit)

    def append_final(self, unit: Unit) -> None:
        """Copy a finished unit's parts into the final files (counts are merged elsewhere)."""
        for kind, writer in self.finals.items():
            with writing(writer.path):
                for chunk in read_part(part_path(self.parts, unit, kind)).to_batches():
                    writer.write(chunk)

    def take_examples(self, unit: Unit) -> None:
        """This unit's examples into the run's selection; must be called in unit order."""
        self.examples.take(read_part(part_path(self.parts, unit, "examples")))

    # -- end of run ---------------------------------------------------------------------------------
    def close(self) -> None:
        for writer in self.finals.values():
            with writing(writer.path):
                writer.close()

    def abort(self) -> None:
        self.abort_unit()
        for writer in self.finals.values():
            try:
                writer.abort()
            except (OSError, pa.ArrowException):
                writer._tmp.unlink(missing_ok=True)

    def remove_parts(self) -> None:
        shutil.rmtree(self.parts, ignore_errors=True)
