"""Issue #22 item 2: each check's counters are stored per unit in its completion marker and summed for
summary.json, so a run stopped after some units and resumed reports the same counters as a one-shot run
(tests/engines/test_ray_engine.py checks the same for Ray, and a local run resumed on Ray)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from auditor import scan as scan_module
from auditor.checks.registry import check_class
from auditor.config import ScanConfig
from auditor.errors import Interrupted
from auditor.policy.packs import default_policy_path
from auditor.scan import run_scan

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "bench"))
from datagen import generate  # noqa: E402

ROWS, GROUP = 24_000, 4_000  # 6 row groups; batch 1000 x 4 batches per unit: one unit per row group


def config(data: Path, out: Path, *, resume: bool = False) -> ScanConfig:
    return ScanConfig(inputs=[str(data)], out_dir=out, checks=["license"], batch_size=1000, quiet=True,
                      policies=[default_policy_path()], resume=resume)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("stats") / "d.parquet", ROWS, chunk=GROUP)


def stop_after_units(monkeypatch, units: int) -> None:
    """Ask the engine to stop (what the first Ctrl-C does: auditor.interrupts) once `units` units are durable."""
    make_engine = scan_module.make_engine

    def make(config, plan, units_, done, hooks, sink, advance):
        engine = make_engine(config, plan, units_, done, hooks, sink, advance)
        finish = sink.finish_unit

        def finish_unit(*args):
            finish(*args)
            if sink.totals.units_done >= units:
                engine.stop_requested.set()

        sink.finish_unit = finish_unit
        return engine

    monkeypatch.setattr(scan_module, "make_engine", make)


def test_resumed_run_reports_the_counters_of_a_one_shot_run(data, tmp_path, monkeypatch):
    one_shot = run_scan(config(data, tmp_path / "once")).summary["checks"]

    out = tmp_path / "resumed"
    with monkeypatch.context() as m:
        stop_after_units(m, 2)
        with pytest.raises(Interrupted):
            run_scan(config(data, out))
    markers = sorted((out / "parts").glob("*.done.json"))
    assert 2 <= len(markers) < ROWS // GROUP  # really interrupted mid-way
    stored = json.loads(markers[0].read_text())["check_stats"]
    assert stored["license"]["rows"] == GROUP  # the unit's own share, not the process's running total
    assert set(stored) == {"dataset", "license", "hosts"}
    resumed = run_scan(config(data, out, resume=True)).summary["checks"]

    assert one_shot["license"]["rows"] == resumed["license"]["rows"] == ROWS
    # the license registry is per process: the second attempt normalized its values again (real work, counted)
    assert resumed["license"]["distinct_values_normalized"] > one_shot["license"]["distinct_values_normalized"] > 0
    for facts in (resumed, one_shot):
        for name, check_facts in facts.items():
            for key in check_class(name).volatile_facts:
                check_facts.pop(key)
    assert resumed == one_shot  # every other fact and counter
    assert all("facts_cover" not in facts for facts in resumed.values())
