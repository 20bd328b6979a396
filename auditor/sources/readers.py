"""Streaming readers: parquet, CSV/TSV and JSONL, each yielding bounded Arrow batches.

A reader reports the file's column names before reading rows (so bad input fails before any work) and
its row count when the format stores it (parquet), so the engine can show an ETA and account for rows
that a damaged file never delivered.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq

from auditor.errors import InputError
from auditor.sources import remote
from auditor.sources.discover import InputFile
from auditor.sources.utf8 import valid_utf8

#: CC3M/CC12M TSVs carry no header; the reader names the two columns after sniffing which one is the URL
HEADERLESS_NAMES = ("caption", "url")


def open_source(file: InputFile):
    """What pyarrow reads from: the local path, or a streaming file object for a remote input."""
    return remote.open_binary(file.path) if file.remote else file.path


class Reader(ABC):
    def __init__(self, file: InputFile) -> None:
        self.file = file

    @abstractmethod
    def columns(self) -> list[str]:
        """Column names in the file, read without reading rows."""

    @abstractmethod
    def schema(self) -> pa.Schema:
        """Arrow schema (types are strings for text formats)."""

    def num_rows(self) -> int | None:
        """Rows in the file when the format stores it, else None."""
        return None

    def row_group_rows(self) -> list[int] | None:
        """Rows per independently readable part (parquet row groups), else None (read the whole file)."""
        return None

    @abstractmethod
    def iter_batches(self, columns: list[str], batch_size: int,
                     row_groups: list[int] | None = None) -> Iterator[pa.RecordBatch]:
        """Stream the named columns in order, `batch_size` rows at a time at most.

        `row_groups` restricts a parquet read to those row groups (a resumable unit of work); batches stay
        aligned to `batch_size` from the first of them.
        """


class ParquetReader(Reader):
    def __init__(self, file: InputFile) -> None:
        super().__init__(file)
        try:
            self._pf = pq.ParquetFile(open_source(file), memory_map=False)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"cannot read parquet: {exc}", file=file.path) from exc

    def columns(self) -> list[str]:
        return list(self._pf.schema_arrow.names)

    def schema(self) -> pa.Schema:
        return self._pf.schema_arrow

    def num_rows(self) -> int:
        return self._pf.metadata.num_rows

    def row_group_rows(self) -> list[int]:
        md = self._pf.metadata
        return [md.row_group(i).num_rows for i in range(md.num_row_groups)]

    def iter_batches(self, columns: list[str], batch_size: int,
                     row_groups: list[int] | None = None) -> Iterator[pa.RecordBatch]:
        yield from self._pf.iter_batches(batch_size=batch_size, columns=columns, use_threads=True,
                                         row_groups=row_groups)


class DelimitedReader(Reader):
    """CSV (comma) or TSV (tab). All columns are read as strings: types come from the profile.

    Cells are read as bytes and then validated as UTF-8 (auditor.sources.utf8): pyarrow's own string
    conversion refuses a whole block for one stray byte, which would drop every row of the file.
    """

    delimiter = ","

    def __init__(self, file: InputFile) -> None:
        super().__init__(file)
        self._header, self._headerless = self._sniff()

    def _sniff(self) -> tuple[list[str], bool]:
        src = open_source(self.file)
        try:
            if isinstance(src, str):
                opener = gzip.open if src.lower().endswith(".gz") else open  # pyarrow reads .gz itself
                with opener(src, "rb") as fh:
                    head = fh.read(1 << 16)
            else:
                with src:
                    head = src.read(1 << 16)
        except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
            raise InputError(f"cannot read: {exc}", file=self.file.path) from exc
        text = head.decode("utf-8-sig", errors="replace")
        try:  # newline="": a lone CR in the header is a line break, as pyarrow reads it, not a csv.Error
            first = next(csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter), [])
        except csv.Error as exc:
            raise InputError(f"cannot parse the header row: {exc}", file=self.file.path) from exc
        if not first:
            raise InputError("empty file: no header row", file=self.file.path)
        looks_like_data = any(cell.strip().lower().startswith(("http://", "https://")) for cell in first)
        if self.delimiter == "\t" and looks_like_data and len(first) == 2:
            url_first = first[0].strip().lower().startswith(("http://", "https://"))
            return (["url", "caption"] if url_first else list(HEADERLESS_NAMES)), True
        return [c.strip() for c in first], False

    def columns(self) -> list[str]:
        return list(self._header)

    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c, pa.string()) for c in self._header])

    def iter_batches(self, columns: list[str], batch_size: int,
                     row_groups: list[int] | None = None) -> Iterator[pa.RecordBatch]:
        read_opts = pacsv.ReadOptions(
            block_size=1 << 22,
            column_names=self._header if self._headerless else None,
            autogenerate_column_names=False,
        )
        parse_opts = pacsv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True)
        convert = pacsv.ConvertOptions(
            include_columns=columns,
            column_types={c: pa.binary() for c in self._header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        )
        try:
            reader = pacsv.open_csv(open_source(self.file), read_options=read_opts, parse_options=parse_opts,
                                    convert_options=convert)
            for raw in reader:
                batch = pa.RecordBatch.from_arrays([valid_utf8(c) for c in raw.columns], names=raw.schema.names)
                for start in range(0, batch.num_rows, batch_size):
                    yield batch.slice(start, batch_size)
        except pa.ArrowInvalid as exc:
            reason = _without_row_text(str(exc))
            where = self._first_ragged_record() if _ROW_TEXT.search(str(exc)) else None
            if where is None:
                raise InputError(f"cannot parse {self.file.format.upper()}: {reason}", file=self.file.path) from exc
            row, line, cells = where
            raise InputError(f"cannot parse {self.file.format.upper()} at row {row} (line {line}): the header has "
                             f"{len(self._header)} columns, this row has {cells} ({reason}); quote the cells or fix "
                             "the row", file=self.file.path, line=line, row=row) from exc

    def _first_ragged_record(self) -> tuple[int, int, int] | None:
        """(row index, line number, cells) of the first record whose cell count differs from the header.

        Only on the error path: pyarrow does not know line numbers once values may hold newlines, and
        a reader needs them to fix the file. Python's csv module reads the same dialect record by record.
        """
        src = open_source(self.file)
        try:
            if isinstance(src, str):
                raw = gzip.open(src, "rb") if src.lower().endswith(".gz") else open(src, "rb")  # noqa: SIM115
            else:
                raw = src
            with raw, io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="") as text:
                records = csv.reader(text, delimiter=self.delimiter)
                if not self._headerless:
                    next(records, None)
                row = 0
                for cells in records:
                    if not cells:
                        continue  # pyarrow skips empty lines too
                    if len(cells) != len(self._header):
                        return row, records.line_num, len(cells)
                    row += 1
        except (OSError, EOFError, csv.Error):
            return None
        return None


def _without_row_text(message: str) -> str:
    """pyarrow quotes the offending row after 'got N:'; that is raw data (captions, maybe PII) and must not
    reach summary.json or the terminal, so only the reason is kept."""
    return _ROW_TEXT.sub(r"\1", message).strip()


_ROW_TEXT = re.compile(r"(Expected \d+ columns?, got \d+)\s*:.*", re.S)


class TsvReader(DelimitedReader):
    delimiter = "\t"


class JsonlReader(Reader):
    """Newline-delimited JSON objects; columns are discovered from the first block."""

    def __init__(self, file: InputFile) -> None:
        super().__init__(file)
        try:
            first = next(iter(self._open()), None)
        except (pa.ArrowInvalid, OSError) as exc:  # OSError: a truncated or corrupt .jsonl.gz
            raise InputError(f"cannot parse JSONL: {exc}", file=file.path) from exc
        self._schema = first.schema if first is not None else pa.schema([])

    def _open(self) -> pajson.JSONStreamingReader:
        return pajson.open_json(open_source(self.file), read_options=pajson.ReadOptions(block_size=1 << 22))

    def columns(self) -> list[str]:
        return list(self._schema.names)

    def schema(self) -> pa.Schema:
        return self._schema

    def iter_batches(self, columns: list[str], batch_size: int,
                     row_groups: list[int] | None = None) -> Iterator[pa.RecordBatch]:
        try:
            for batch in self._open():
                sub = pa.RecordBatch.from_arrays([batch.column(c) for c in columns], names=columns)
                for start in range(0, sub.num_rows, batch_size):
                    yield sub.slice(start, batch_size)
        except pa.ArrowInvalid as exc:
            raise InputError(f"cannot parse JSONL: {exc}", file=self.file.path) from exc


READERS: dict[str, type[Reader]] = {
    "parquet": ParquetReader,
    "csv": DelimitedReader,
    "tsv": TsvReader,
    "jsonl": JsonlReader,
}


def open_reader(file: InputFile) -> Reader:
    return READERS[file.format](file)
