"""Units: row groups grouped up to 4 x batch-size rows, whole files for text formats, stable ids."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from auditor.runstate.units import plan_units
from auditor.sources.discover import discover
from auditor.sources.stream import open_stream


def streams_for(paths):
    files = discover([str(p) for p in paths])
    return [open_stream(f, profile=None, overrides={}) for f in files], files


def write(path, rows, group):
    pq.write_table(pa.table({"url": [f"https://e.com/{i}" for i in range(rows)],
                             "caption": [f"c{i}" for i in range(rows)], "n": np.arange(rows)}), path,
                   row_group_size=group)
    return path


@pytest.mark.parametrize("rows,group,batch,expected", [
    (1000, 100, 50, [(0, 200), (200, 200), (400, 200), (600, 200), (800, 200)]),  # 2 groups reach 4 x 50
    (1000, 500, 50, [(0, 500), (500, 500)]),                                      # one big group per unit
    (1000, 300, 100, [(0, 600), (600, 400)]),                                     # last unit: what is left
    (250, 1000, 100, [(0, 250)]),
])
def test_row_groups_are_grouped(tmp_path, rows, group, batch, expected):
    streams, files = streams_for([write(tmp_path / "a.parquet", rows, group)])
    units = plan_units(streams, files, batch)
    assert [(u.start, u.rows) for u in units] == expected
    groups = [g for u in units for g in u.row_groups]
    assert groups == list(range(pq.ParquetFile(tmp_path / "a.parquet").metadata.num_row_groups))


def test_ids_name_file_and_first_group_and_sort_in_unit_order(tmp_path):
    (tmp_path / "b.csv").write_text("url,caption\nhttps://e.com/x,a cat\n")
    streams, files = streams_for([write(tmp_path / "a.parquet", 1000, 100), tmp_path / "b.csv"])
    units = plan_units(streams, files, 50)
    assert [u.id for u in units] == ["f00000-g000000", "f00000-g000002", "f00000-g000004", "f00000-g000006",
                                     "f00000-g000008", "f00001"]
    assert units[-1].row_groups is None and units[-1].rows is None
    assert [u.id for u in units] == sorted(u.id for u in units)


def test_batches_of_a_unit_carry_file_row_indices(tmp_path):
    streams, files = streams_for([write(tmp_path / "a.parquet", 1000, 100)])
    unit = plan_units(streams, files, 50)[2]
    batches = list(streams[0].batches(50, list(unit.row_groups), unit.start))
    idx = pa.concat_arrays([b.column("row_index") for b in batches]).to_pylist()
    assert idx == list(range(400, 600)) and all(b.num_rows == 50 for b in batches)
    assert batches[0].column("key")[0].as_py() == "a.parquet#400"
