"""Part files and markers: a unit is done only with its marker and all parts; leftovers are removed."""

from __future__ import annotations

import pyarrow as pa

from auditor.runstate.parts import KINDS, done_units, marker_path, part_path
from auditor.runstate.units import Unit

UNITS = [Unit(f"f00000-g{i:06d}", 0, (i,), i * 10, 10) for i in range(4)]


def touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")


def test_done_units_and_cleanup(tmp_path):
    parts = tmp_path / "parts"
    for u in UNITS[:2]:  # complete
        for k in KINDS:
            touch(part_path(parts, u, k))
        touch(marker_path(parts, u))
    for k in KINDS:  # parts renamed but killed before the marker
        touch(part_path(parts, UNITS[2], k))
    touch(part_path(parts, UNITS[3], "signals").with_suffix(".arrows.tmp"))  # killed mid-write
    touch(marker_path(parts, UNITS[3]))  # a marker without parts is not done either
    assert done_units(tmp_path, UNITS) == {UNITS[0].id, UNITS[1].id}
    left = sorted(p.name for p in parts.iterdir())
    assert left == sorted([part_path(parts, u, k).name for u in UNITS[:2] for k in KINDS]
                          + [marker_path(parts, u).name for u in UNITS[:2]])


def test_no_parts_dir_means_nothing_done(tmp_path):
    assert done_units(tmp_path, UNITS) == set()


def test_ipc_parts_keep_per_batch_dictionaries(tmp_path):
    """Stream format: each batch may bring its own dictionary (the file format would refuse)."""
    from auditor.runstate.parts import IPC_OPTIONS, read_part

    schema = pa.schema([("c", pa.dictionary(pa.int32(), pa.string()))])
    path = tmp_path / "p.arrows"
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, schema, options=IPC_OPTIONS) as w:
        for values in (["a", "b"], ["c"]):
            w.write_batch(pa.RecordBatch.from_arrays([pa.array(values).dictionary_encode()], schema=schema))
    assert read_part(path).column("c").to_pylist() == ["a", "b", "c"]
