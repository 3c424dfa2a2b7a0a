"""1 vs 2 worker processes for ``bench_batch.py``: a warm walk split in two, or the runner's chunks.

Each worker (spawned) holds its own inputs and ``FastSolver``, warmed on the base scenario
before the clock starts (``_init_worker``).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time

from benchmarks.batch_models import variants

_WORKER: dict = {}


def _init_worker(spec: dict, ends, chunk: int = 1) -> None:
    """Each worker: its own inputs and ``FastSolver``, warmed on the base scenario."""
    from optimizer.batch.fastpath.solver import FastSolver

    base, runs = variants(spec)
    _WORKER.update(runs=runs, fast=FastSolver(base), ends=ends, chunk=chunk)
    _WORKER["fast"].run(base)


def _ready(_: int) -> int:
    time.sleep(0.2)  # a worker answers only once its initializer has run
    return os.getpid()


def _run_from(side: int) -> list[tuple[int, str, float]]:
    """Take runs from one end of the grid's order (0: the front, 1: the back) until the two
    ends meet; ``(run, status, objective)`` of each run taken."""
    fast, runs, ends = _WORKER["fast"], _WORKER["runs"], _WORKER["ends"]
    out = []
    while True:
        with ends.get_lock():
            if ends[0] > ends[1]:
                return out
            i = ends[side]
            ends[side] += 1 if side == 0 else -1
        got = fast.run(runs[i])
        out.append((i, got.status, got.objective))


def _run_chunks(_: int) -> list[tuple[int, str, float]]:
    """Take the next chunk until none is left; each starts from ``reset()``, as a batch's does."""
    fast, runs, ends = _WORKER["fast"], _WORKER["runs"], _WORKER["ends"]
    size, out = _WORKER["chunk"], []
    while True:
        with ends.get_lock():
            start = ends[0]
            if start >= len(runs):
                return out
            ends[0] += size
        fast.reset()
        for i in range(start, min(start + size, len(runs))):
            got = fast.run(runs[i])
            out.append((i, got.status, got.objective))


def pool_seconds(spec: dict, processes: int, chunked: bool = False) -> tuple[float, dict]:
    """Wall seconds for the grid on 1 or 2 spawned workers, working in from its two ends.

    The runs are in the grid's serpentine order (neighbours one step apart). One worker walks
    it from the front; a second walks it from the back, and each takes its next run until the
    two meet, wherever that is: every worker's runs stay neighbours (as in the batch runner's
    consecutive chunks) and neither waits for the other (the hard corner of a coarse grid
    does not leave one worker with the harder half).

    ``chunked``: as the batch runner solves instead: consecutive chunks of the order
    (``plan.chunk_size``), taken by whichever worker is free, each from ``reset()``: the same
    work on 1 and 2 processes.
    """
    from optimizer.batch.plan import chunk_size

    assert processes in (1, 2)
    ctx = mp.get_context("spawn")
    n = spec["grid"][0] * spec["grid"][1]
    ends = ctx.Array("i", [0, n - 1])
    with ctx.Pool(processes, _init_worker, (spec, ends, chunk_size(n))) as pool:
        ready: set[int] = set()
        while len(ready) < processes:  # until every worker has answered: all warmed up
            ready.update(pool.map(_ready, range(processes), chunksize=1))
        started = time.perf_counter()
        task = _run_chunks if chunked else _run_from
        parts = pool.map(task, range(processes), chunksize=1)
        seconds = time.perf_counter() - started
    return seconds, {i: (status, obj) for part in parts for i, status, obj in part}
