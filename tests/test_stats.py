"""auditor.stats: counters that add up across units, attempts and processes, and survive JSON."""

from __future__ import annotations

import json

from auditor.stats import Stats, sum_stats


def test_numbers_and_tables_add_name_by_name_and_key_by_key():
    a = Stats({"rows": 3, "statuses": {"ok": 2, "error:decode": 1}})
    b = Stats({"rows": 4, "seconds": 0.5, "statuses": {"ok": 4}})
    total = a + b
    assert total == Stats({"rows": 7, "seconds": 0.5, "statuses": {"ok": 6, "error:decode": 1}})
    assert a == Stats({"rows": 3, "statuses": {"ok": 2, "error:decode": 1}})  # + leaves its operands alone
    a += b
    assert a == total


def test_difference_is_what_was_counted_since_a_snapshot():
    before = Stats({"rows": 10, "passes": {"main": 5}})
    now = Stats({"rows": 25, "passes": {"main": 8, "small_face": 1}})
    assert now - before == Stats({"rows": 15, "passes": {"main": 3, "small_face": 1}})
    assert before + (now - before) == now


def test_json_round_trip_keeps_key_types():
    """Table keys may be None (a null signal value) or booleans: JSON object keys would turn them into strings."""
    stats = Stats({"by_value": {None: 2, True: 1, "True": 5, "x": 3}, "rows": 11})
    back = Stats.from_json(json.loads(json.dumps(stats.to_json())))
    assert back == stats
    assert set(back.get("by_value")) == {None, True, "True", "x"}


def test_sum_stats_fills_missing_names():
    into = {"license": Stats({"rows": 1})}
    sum_stats({"license": Stats({"rows": 2}), "pii": Stats({"rows": 5})}, into)
    assert into == {"license": Stats({"rows": 3}), "pii": Stats({"rows": 5})}
