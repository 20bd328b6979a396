"""The license check over Arrow batches (auditor/checks/license.py)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from auditor.checks.license import LicenseCheck, LicenseOptions
from auditor.checks.license_normalize import normalize_one
from auditor.checks.registry import check_class

VALUES = ["?", "CC BY-SA 4.0", None, "http://creativecommons.org/licenses/by-nc/2.0/", "PD-US",
          "© 2015 Getty Images", "cc-by-nc-4.0", "", "nan", "Attribution-NonCommercial-ShareAlike 4.0",
          "GFDL-1.2", "not specified"]
FACTS = ("license_commercial", "license_derivatives", "license_share_alike", "license_attribution")


def batch_of(arr: pa.Array, name: str = "license", **more) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict({name: arr, **more})


def expected_rows(raws):
    return [normalize_one(r) for r in raws]


def assert_matches(out: pa.RecordBatch, raws, column="license"):
    rows = out.to_pylist()
    for raw, got, want in zip(raws, rows, expected_rows(raws), strict=True):
        assert got["license_id"] == want.license_id
        assert got["license_family"] == want.family
        assert (got["license_commercial"], got["license_derivatives"], got["license_share_alike"],
                got["license_attribution"]) == (want.commercial, want.derivatives, want.share_alike,
                                                want.attribution)
        assert got["license_match"] == want.match
        assert got["license_evidence"] == (None if raw is None else f"{column}={raw}")


def test_registered_with_exact_signal_types():
    assert check_class("license") is LicenseCheck
    dict_str = pa.dictionary(pa.int32(), pa.string())
    out = LicenseCheck().run(batch_of(pa.array(VALUES)))
    assert out.schema == LicenseCheck.schema()
    for name in ("license_id", "license_family", "license_evidence", "license_match"):
        assert out.schema.field(name).type == dict_str
    for name in FACTS:
        assert out.schema.field(name).type == pa.bool_()


@pytest.mark.parametrize("make", [
    pytest.param(lambda v: pa.array(v, pa.string()), id="string"),
    pytest.param(lambda v: pa.array(v, pa.large_string()), id="large_string"),
    pytest.param(lambda v: pa.array(v, pa.string()).dictionary_encode(), id="dictionary"),
    pytest.param(lambda v: pc.cast(pa.array(v).dictionary_encode(),
                                   pa.dictionary(pa.int8(), pa.large_string())), id="dict-int8-large"),
])
def test_every_input_layout_gives_the_same_rows(make):
    raws = VALUES * 3
    out = LicenseCheck().run(batch_of(make(raws)))
    assert out.num_rows == len(raws)
    assert_matches(out, raws)


def test_output_dictionaries_are_unique_and_null_free():
    out = LicenseCheck().run(batch_of(pa.array(VALUES * 5)))
    for name in ("license_id", "license_family", "license_evidence", "license_match"):
        dictionary = out.column(name).dictionary
        assert dictionary.null_count == 0
        assert len(pc.unique(dictionary)) == len(dictionary)


def test_all_null_column_is_unknown_without_evidence():
    out = LicenseCheck().run(batch_of(pa.nulls(5, pa.string())))
    assert out.column("license_family").to_pylist() == ["unknown"] * 5
    assert out.column("license_evidence").null_count == 5
    for name in ("license_id", *FACTS):
        assert out.column(name).null_count == 5


def test_absent_column_is_unknown_and_never_commercial():
    out = LicenseCheck().run(pa.RecordBatch.from_pydict({"url": ["http://a.org/x.jpg"] * 3}))
    assert out.num_rows == 3
    assert out.column("license_family").to_pylist() == ["unknown"] * 3
    for name in ("license_id", "license_evidence", *FACTS):
        assert out.column(name).null_count == 3


def test_empty_batch():
    out = LicenseCheck().run(batch_of(pa.array([], pa.string())))
    assert out.num_rows == 0 and out.schema == LicenseCheck.schema()


def test_license_name_is_a_fallback_only_when_license_says_nothing():
    lic = ["?", "CC BY 2.0", None, "?", "garbled text", None]
    name = ["MIT", "CC0", "CC BY-NC 2.0", None, "PD-US", None]
    out = LicenseCheck().run(batch_of(pa.array(lic), license_name=pa.array(name)))
    assert out.column("license_id").to_pylist() == [
        "MIT", "CC-BY-2.0", "CC-BY-NC-2.0", None, "LicenseRef-PD-US", None]
    assert out.column("license_evidence").to_pylist() == [
        "license_name=MIT", "license=CC BY 2.0", "license_name=CC BY-NC 2.0", "license=?",
        "license_name=PD-US", None]
    assert out.column("license_commercial").to_pylist() == [True, True, False, None, True, None]


def test_license_name_alone():
    out = LicenseCheck().run(batch_of(pa.array(["Attribution License", None]), name="license_name"))
    assert out.column("license_family").to_pylist() == ["cc-by", "unknown"]
    assert out.column("license_evidence").to_pylist() == ["license_name=Attribution License", None]


def test_sliced_batches_and_cache_across_batches():
    """Batches that are slices (offsets) of one array, and a dictionary repeated across batches."""
    raws = VALUES * 100
    check = LicenseCheck()
    full = batch_of(pa.array(raws).dictionary_encode())
    for start in range(0, len(raws), 250):
        part = full.slice(start, 250)
        assert_matches(check.run(part), raws[start:start + 250])
    assert check.describe()["distinct_values_normalized"] == len({v for v in VALUES if v is not None})


def test_cache_limit_and_evidence_cut():
    check = LicenseCheck(LicenseOptions(cache_size=2, evidence_max_chars=16))
    long_value = "Licensed under CC BY-NC 2.0 by the photographer, see website"
    out = check.run(batch_of(pa.array([long_value, "?", "MIT", long_value])))
    assert out.column("license_id").to_pylist() == ["CC-BY-NC-2.0", None, "MIT", "CC-BY-NC-2.0"]
    assert out.column("license_evidence")[0].as_py() == "license=" + long_value[:16]
    # the registry is past its size now: the next batch starts a fresh one and is still right
    raws = ["CC0", None, "?", long_value, "PD-US"]
    out = check.run(batch_of(pa.array(raws)))
    assert out.column("license_id").to_pylist() == ["CC0-1.0", None, None, "CC-BY-NC-2.0", "LicenseRef-PD-US"]


def test_dictionaries_are_stable_across_batches():
    """Batches with the same values in another order share output dictionaries (cheap for sinks)."""
    check = LicenseCheck()
    a = check.run(batch_of(pa.array(["?", "CC BY 2.0", "MIT"])))
    b = check.run(batch_of(pa.array(["MIT", "?", "CC BY 2.0", "?"])))
    for name in ("license_id", "license_family", "license_match"):
        assert a.column(name).dictionary.equals(b.column(name).dictionary)
    assert b.column("license_id").to_pylist() == ["MIT", None, "CC-BY-2.0", None]


def test_unknown_options_are_rejected():
    with pytest.raises(ValueError):
        LicenseOptions(cache_sise=3)


def test_one_million_rows():
    rng = np.random.default_rng(7)
    pool = np.array(VALUES, dtype=object)
    choice = rng.integers(0, len(pool), 1_000_000)
    raws = pool[choice]
    arr = pa.array(raws, pa.string())
    out = LicenseCheck().run(batch_of(arr))
    assert out.num_rows == 1_000_000
    # per-value counts: every row of raw value v carries v's normalization
    counts = np.bincount(choice, minlength=len(pool))
    for i, raw in enumerate(VALUES):
        want = normalize_one(raw)
        if raw is None:
            sel = pc.is_null(arr)
        else:
            sel = pc.equal(arr, raw)
        fam = pc.filter(out.column("license_family"), sel)
        assert len(fam) == counts[i]
        assert pc.all(pc.equal(fam.dictionary_decode(), want.family)).as_py()
        com = pc.filter(out.column("license_commercial"), sel)
        assert com.null_count == (counts[i] if want.commercial is None else 0)
    # random spot checks, row by row
    for i in rng.integers(0, 1_000_000, 200):
        row = out.slice(int(i), 1).to_pylist()[0]
        want = normalize_one(raws[i])
        assert (row["license_id"], row["license_family"], row["license_commercial"]) == (
            want.license_id, want.family, want.commercial)
    # unknown is never commercial
    unknown = pc.equal(out.column("license_family").dictionary_decode(), "unknown")
    assert pc.filter(out.column("license_commercial"), unknown).null_count == pc.sum(unknown).as_py()


def test_laion_sample_has_no_license_column(laion_10k):
    table = pq.read_table(laion_10k, columns=["URL", "TEXT"]).rename_columns(["url", "caption"])
    check = LicenseCheck()
    families: dict[str, int] = {}
    rows = 0
    for batch in table.to_batches(max_chunksize=4096):
        out = check.run(batch)
        assert out.num_rows == batch.num_rows
        rows += out.num_rows
        for vc in pc.value_counts(out.column("license_family").dictionary_decode()).to_pylist():
            families[vc["values"]] = families.get(vc["values"], 0) + vc["counts"]
        assert out.column("license_commercial").null_count == batch.num_rows
        assert out.column("license_evidence").null_count == batch.num_rows
    assert rows == table.num_rows == 10_000
    assert families == {"unknown": 10_000}
