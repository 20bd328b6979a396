"""Sampling: deterministic selection, nothing lost, unsampled rows never judged, honest intervals."""

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from report_support import scan, write_laion

from auditor.errors import ConfigError
from auditor.sampling import NOT_SAMPLED, Sampler, key_uniform, parse_sample, wilson


def test_key_uniform_is_deterministic_uniform_and_seeded():
    keys = pa.array([f"shard-{i % 7}.parquet#{i}" for i in range(200_000)])
    u = key_uniform(keys, seed=1)
    assert np.array_equal(u, key_uniform(keys, seed=1))
    assert np.array_equal(u[1000:2000], key_uniform(keys.slice(1000, 1000), seed=1))  # batch split irrelevant
    assert not np.array_equal(u, key_uniform(keys, seed=2))
    hist, _ = np.histogram(u, bins=10, range=(0, 1))
    assert hist.min() > 19_000 and hist.max() < 21_000


@pytest.mark.parametrize(("k", "n", "low", "high"), [
    (0, 100, 0.0, 0.0370), (50, 100, 0.4038, 0.5962), (100, 100, 0.9630, 1.0), (1, 10, 0.0179, 0.4042)])
def test_wilson_reference_values(k, n, low, high):
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(low, abs=2e-4) and hi == pytest.approx(high, abs=2e-4)


@pytest.mark.parametrize(("text", "expected"), [("1000", ("count", 1000.0)), ("0.01", ("fraction", 0.01)),
                                                ("1", ("count", 1.0)), ("1.0", ("fraction", 1.0))])
def test_parse_sample(text, expected):
    assert parse_sample(text) == expected


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "abc", "nan", "0.0"])
def test_parse_sample_rejects(text):
    with pytest.raises(ConfigError, match="--sample"):
        parse_sample(text)


def test_count_needs_row_counts():
    with pytest.raises(ConfigError, match="fraction"):
        Sampler.build(("count", 10.0), 0, None, {"a.csv": None})


def test_stratify_gives_small_files_their_share():
    s = Sampler.build(("count", 200.0), 0, "file", {"big": 100_000, "small": 200})
    assert s.rates["small"] == 0.5 and s.rates["big"] == pytest.approx(0.001)


@pytest.fixture(scope="module")
def truth_dataset(tmp_path_factory):
    """20,000 rows; exactly 3,000 (15%) have a non-commercial license, so their share is known."""
    d = tmp_path_factory.mktemp("sample")
    rng = np.random.default_rng(7)
    nc = np.zeros(20_000, dtype=bool)
    nc[rng.choice(20_000, 3_000, replace=False)] = True
    rows = [{"URL": f"https://example.com/{i}.jpg", "TEXT": "x", "LICENSE": "CC BY-NC 4.0" if nc[i] else "CC0"}
            for i in range(20_000)]
    return write_laion(d / "truth.parquet", rows), d


def test_interval_covers_exact_count_and_full_scan_is_exact(truth_dataset):
    data, d = truth_dataset
    full = scan(data, d / "full")
    assert "sample" not in full and "estimates" not in full["findings"]
    assert full["findings"]["by_rule"]["COPYRIGHT-NONCOMMERCIAL"] == 3_000
    covered = 0
    for seed in range(3):
        s = scan(data, d / f"s{seed}", "--sample", "0.1", "--seed", seed)
        est = s["findings"]["estimates"]["copyright"]
        n = s["sample"]["rows_sampled"]
        assert 1_700 < n < 2_300 and s["rows"]["out"] == 20_000 and s["rows"]["accounted"]
        assert est["share"] == pytest.approx(est["rows_in_sample"] / n, abs=1e-6)
        covered += est["ci95"][0] <= 0.15 <= est["ci95"][1]
    assert covered >= 2  # a 95% interval misses the truth rarely, not twice in three


def test_unsampled_rows_are_kept_but_never_judged(truth_dataset):
    data, d = truth_dataset
    s = scan(data, d / "n500", "--sample", "500", "--seed", "4")
    out = d / "n500"
    signals = pq.read_table(out / "signals.parquet")
    assert signals.num_rows == 20_000
    status = np.array(signals.column("status").to_pylist())
    skipped = status == NOT_SAMPLED
    assert 350 < (~skipped).sum() < 650
    assert signals.filter(pa.array(skipped)).column("license_family").null_count == int(skipped.sum())
    flagged = set(pq.read_table(out / "findings.parquet").column("key").to_pylist())
    not_sampled = set(np.array(signals.column("key").to_pylist())[skipped])
    assert not flagged & not_sampled  # null signals of skipped rows never become "license unknown"
    assert s["policy"]["counts"]["rows"] == int((~skipped).sum())
    assert s["rows"]["by_status"][NOT_SAMPLED] == int(skipped.sum())
    again = scan(data, d / "n500b", "--sample", "500", "--seed", "4")
    assert again["sample"]["rows_sampled"] == s["sample"]["rows_sampled"]
    md = (out / "report.md").read_text()
    assert "estimate" in md and "95%" in md
    assert "estimate" in (out / "report.html").read_text()


def test_stratify_file_end_to_end(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    write_laion(d / "big.parquet", [{"URL": f"https://e.x/{i}.jpg", "LICENSE": "CC0"} for i in range(10_000)])
    write_laion(d / "small.parquet", [{"URL": f"https://e.x/s{i}.jpg", "LICENSE": "CC0"} for i in range(100)])
    s = scan(d, tmp_path / "run", "--sample", "200", "--stratify", "file")
    signals = pq.read_table(tmp_path / "run" / "signals.parquet", columns=["source_file", "status"]).to_pydict()
    per_file = {}
    for f, st in zip(signals["source_file"], signals["status"], strict=True):
        per_file[f] = per_file.get(f, 0) + (st != NOT_SAMPLED)
    assert per_file["small.parquet"] == 100  # rate capped at 1: the whole small file
    assert 60 < per_file["big.parquet"] < 140
    assert s["rows"]["out"] == 10_100 and s["sample"]["stratify"] == "file"


def test_export_refuses_a_sampled_run(truth_dataset):
    from report_support import audit

    _, d = truth_dataset
    proc = audit("export", d / "n500", "--drop", "copyright", "--out", d / "x.parquet")
    assert proc.returncode == 2 and "sample" in proc.stderr
