"""`audit index --engine ray`: units built by Ray actors, shards written by the driver in unit order.

Each actor holds one UnitBuilder (image sources, encoder, decode threads) for all the units it gets, so
the ONNX session and the img2dataset index are built once per actor, not per unit. Actors return the
unit's table, codes and vectors; only the driver writes into the run directory, so workers need to read
the images (as for a Ray scan's faces check) but not to write to the driver's disk.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from auditor.cores import default_workers


def build_on_ray(summary: dict, opts, pending: list) -> Iterator[tuple[int, tuple]]:
    from dataclasses import replace

    from auditor.engines.ray_engine import import_ray
    from auditor.index.build import UnitBuilder

    ray = import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=opts.ray_address, num_cpus=opts.workers if opts.ray_address is None else None,
                 include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    try:
        actors_n = max(1, min(len(pending), opts.workers or default_workers()))
        per_actor = replace(opts, workers=1)  # one decode thread per actor; parallelism is the actors

        @ray.remote(num_cpus=1)
        class Builder:
            def __init__(self) -> None:
                self.b = UnitBuilder(summary, per_actor)

            def build(self, batch):
                return self.b.build(batch)

        actors = [Builder.remote() for _ in range(actors_n)]
        futures = {actors[i % actors_n].build.remote(batch): k for i, (k, batch) in enumerate(pending)}
        remaining = list(futures)
        while remaining:
            done, remaining = ray.wait(remaining, num_returns=1)
            yield futures[done[0]], ray.get(done[0])
    finally:
        if started_here:
            ray.shutdown()
