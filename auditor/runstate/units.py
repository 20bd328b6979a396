"""Units of work: the smallest piece of a scan that is done or not done.

A unit is a run of consecutive parquet row groups (one row group, or several small ones until the unit
reaches UNIT_BATCHES x batch-size rows), or a whole CSV/JSONL file (text formats have no independent
parts). Units are numbered from the input order, so the same inputs and batch size always give the same
units, and their outputs concatenate in input order.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.sources.discover import InputFile
from auditor.sources.stream import FileStream

#: small row groups are grouped until a unit holds this many batches (fewer part files, same order)
UNIT_BATCHES = 4


@dataclass(frozen=True)
class Unit:
    id: str
    stream: int  # index into plan.streams
    row_groups: tuple[int, ...] | None  # None: the whole file
    start: int  # row index of the unit's first row within its file
    rows: int | None  # None when the format does not store it (CSV, JSONL)

    def as_dict(self) -> dict:
        return {"id": self.id, "rows": self.rows}


def plan_units(streams: list[FileStream], files: list[InputFile], batch_size: int) -> list[Unit]:
    target = UNIT_BATCHES * batch_size
    units: list[Unit] = []
    for s_idx, stream in enumerate(streams):
        f_idx = files.index(stream.file)
        groups = stream.reader.row_group_rows()
        if groups is None:
            units.append(Unit(f"f{f_idx:05d}", s_idx, None, 0, None))
            continue
        start, current, rows = 0, [], 0
        for g, n in enumerate(groups):
            current.append(g)
            rows += n
            if rows >= target or g == len(groups) - 1:
                units.append(Unit(f"f{f_idx:05d}-g{current[0]:06d}", s_idx, tuple(current), start, rows))
                start += rows
                current, rows = [], 0
    return units
