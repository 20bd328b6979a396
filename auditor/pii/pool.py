"""A pool of worker processes, each holding its own CaptionAnalyzer.

Why our own pool: presidio's `n_process` parallelizes spaCy only, while the recognizers (a seventh of
the time, PhoneRecognizer the most) stay serial in the parent. Here each worker runs spaCy *and* the
recognizers on a chunk of captions. Workers start with `forkserver` (or `spawn`), never `fork`: the
parent may hold threads (Arrow, HTTP clients) and a forked spaCy is not safe. A pool of one runs
in-process, which is what tests and small scans want.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from auditor.errors import CheckUnavailable
from auditor.pii.engine import CaptionAnalyzer, EngineConfig, Result

_WORKER: CaptionAnalyzer | None = None


def _init_worker(config: EngineConfig) -> None:
    global _WORKER
    _WORKER = CaptionAnalyzer(config)


def _analyze_chunk(texts: list[str]) -> list[Result]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.analyze(texts)


def _context() -> mp.context.BaseContext:
    methods = mp.get_all_start_methods()
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


class AnalyzerPool:
    """`start()` builds the analyzers, `analyze(texts)` spreads chunks over them, `stop()` ends them."""

    def __init__(self, config: EngineConfig, workers: int) -> None:
        self.config = config
        self.workers = max(1, workers)
        self._local: CaptionAnalyzer | None = None
        self._executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        if self.workers == 1:
            self._local = CaptionAnalyzer(self.config)
            return
        # fail fast and clearly in the parent (a missing model would otherwise break every worker)
        CaptionAnalyzer.check_model(self.config)
        self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(),
                                             initializer=_init_worker, initargs=(self.config,))
        # the executor starts workers lazily; start them all now so that loading the models happens
        # in open() (and fails there), not inside the first batch
        warmups = [self._executor.submit(_analyze_chunk, []) for _ in range(self.workers)]
        try:
            for future in warmups:
                future.result()
        except BrokenProcessPool as exc:
            self.stop()
            raise CheckUnavailable(f"PII worker processes failed to start: {exc}") from exc

    def analyze(self, texts: Sequence[str]) -> list[Result]:
        if self._local is not None:
            return self._local.analyze(texts)
        if self._executor is None:
            raise RuntimeError("AnalyzerPool.analyze() before start()")
        size = self.config.batch_size
        # enough chunks to keep every worker busy, each at least a spaCy batch when there is work
        chunk = max(1, min(size, -(-len(texts) // self.workers)))
        chunks = [list(texts[i:i + chunk]) for i in range(0, len(texts), chunk)]
        try:
            return [r for part in self._executor.map(_analyze_chunk, chunks) for r in part]
        except BrokenProcessPool as exc:
            raise CheckUnavailable(f"PII worker processes failed: {exc}") from exc

    def stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._local = None
