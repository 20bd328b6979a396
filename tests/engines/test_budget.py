"""ByteBudget: memory bound by bytes in flight, with progress guaranteed for an oversized batch."""

from __future__ import annotations

import threading
import time

import pytest

from auditor.engines.budget import ByteBudget


def test_blocks_until_released_and_tracks_peak():
    budget, cancel = ByteBudget(100), threading.Event()
    assert budget.acquire(60, cancel)
    got = []
    t = threading.Thread(target=lambda: got.append(budget.acquire(60, cancel)))
    t.start()
    time.sleep(0.2)
    assert got == [] and budget.used == 60  # 120 > 100: waits
    budget.release(60)
    t.join(2)
    assert got == [True] and budget.used == 60 and budget.peak == 60


@pytest.mark.parametrize("size", [101, 10**9])
def test_one_oversized_batch_is_admitted_when_nothing_is_in_flight(size):
    budget = ByteBudget(100)
    assert budget.acquire(size, threading.Event())
    assert budget.used == size


def test_cancel_unblocks_a_waiting_reader():
    budget, cancel = ByteBudget(10), threading.Event()
    budget.acquire(10, cancel)
    got = []
    t = threading.Thread(target=lambda: got.append(budget.acquire(5, cancel)))
    t.start()
    cancel.set()
    t.join(2)
    assert got == [False] and budget.used == 10


def test_add_counts_outputs_without_waiting():
    budget = ByteBudget(10)
    budget.acquire(10, threading.Event())
    budget.add(50)
    assert budget.used == 60 and budget.peak == 60
