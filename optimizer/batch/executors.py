"""Where chunks are solved: in this process, a local process pool, or a Dask cluster.

Each executor's ``map(payload, chunks)`` yields ``(chunk_id, records)`` as chunks finish (in
any order; the store and the exports sort by run id). The payload (the groups' bases) goes
to each worker once: through the pool's initializer locally, as one scattered, broadcast
object on Dask (``client.scatter(payload, broadcast=True)``: every task refers to it, no task
carries it). Runs travel in chunks, so the per-task cost of the scheduler is paid per chunk.

A worker process that dies (a crash in the solver, out of memory) breaks a local pool: the
chunks it was solving are then re-run one at a time in a pool of their own, and a chunk that
kills its worker again becomes status ``error`` for each of its runs; the rest carry on. On
Dask the scheduler retries a task whose worker died and reports it as failed after that.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from optimizer.batch.plan import Run
from optimizer.batch.worker import Payload, Record, init_process, solve_chunk, solve_local_chunk

Chunk = tuple[int, list[Run]]
Done = tuple[int, list[Record]]


class ExecutorUnavailable(Exception):
    """The executor cannot start (Dask not installed, scheduler not reachable)."""


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _failed(chunk: Chunk, message: str) -> Done:
    chunk_id, runs = chunk
    return chunk_id, [Record(r.run_id, "error", message=message) for r in runs]


class LocalExecutor:
    """``jobs`` local processes (``jobs == 1``: this process), one HiGHS thread each."""

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or default_jobs())
        self.name = f"local, {self.jobs} process{'es' if self.jobs > 1 else ''}"

    def start(self) -> None:
        """Nothing to connect to."""

    def close(self) -> None:
        """Nothing to release."""

    def map(self, payload: Payload, chunks: Iterable[Chunk]) -> Iterator[Done]:
        chunks = list(chunks)
        if self.jobs == 1 or len(chunks) <= 1:
            for chunk_id, runs in chunks:
                yield solve_chunk(payload, chunk_id, runs)
            return
        suspects: list[Chunk] = []
        yield from self._pool(payload, chunks, min(self.jobs, len(chunks)), suspects)
        for chunk in suspects:  # each alone: a chunk that kills its worker again is an error
            again: list[Chunk] = []
            yield from self._pool(payload, [chunk], 1, again)
            if again:
                yield _failed(chunk, "the worker process died while solving this chunk of runs")

    def _pool(
        self, payload: Payload, chunks: list[Chunk], workers: int, suspects: list[Chunk]
    ) -> Iterator[Done]:
        """Solve ``chunks`` in a pool of ``workers`` processes.

        A pool works in submission order, so when it breaks the chunks in flight are the
        first ``workers + 1`` unfinished ones: those go to ``suspects``, the rest to a new pool.
        """
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        remaining = dict(chunks)
        while remaining:
            pool = ProcessPoolExecutor(workers, context, init_process, (payload,))
            try:
                futures: dict[Future, int] = {
                    pool.submit(solve_local_chunk, cid, runs): cid
                    for cid, runs in remaining.items()
                }
                while futures:
                    done, _ = wait(futures, return_when=FIRST_COMPLETED)
                    for future in done:
                        cid = futures.pop(future)
                        result = future.result()
                        del remaining[cid]
                        yield result
            except BrokenProcessPool:
                for cid in list(remaining)[: workers + 1]:
                    suspects.append((cid, remaining.pop(cid)))
            finally:
                pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """An existing Dask cluster at ``address`` (``tcp://HOST:PORT``); needs Dask (``pip install '.[dask]'`` from a checkout)."""

    def __init__(self, address: str):
        self.address = address
        self.name = f"dask at {address}"
        self.client = None

    def start(self) -> None:
        """Connect to the scheduler (before anything is written)."""
        try:
            from dask.distributed import Client  # optional dependency: the dask extra
        except ImportError:
            raise ExecutorUnavailable(
                "--scheduler needs Dask: from a checkout, pip install '.[dask]'"
            ) from None
        try:
            self.client = Client(self.address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ExecutorUnavailable(f"no Dask scheduler at {self.address}: {exc}") from None

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def map(self, payload: Payload, chunks: Iterable[Chunk]) -> Iterator[Done]:
        from dask.distributed import as_completed  # optional dependency: the dask extra

        client = self.client
        if client is None:
            raise ExecutorUnavailable("DaskExecutor.start() was not called")
        shipped = client.scatter(payload, broadcast=True, hash=False)
        chunks = list(chunks)
        futures = {
            client.submit(solve_chunk, shipped, cid, runs, pure=False): (cid, runs)
            for cid, runs in chunks
        }
        for future in as_completed(futures, loop=client.loop):
            chunk = futures.pop(future)
            if future.status == "finished":
                yield future.result()
            else:
                exc = future.exception()
                yield _failed(chunk, f"the Dask task failed: {type(exc).__name__}: {exc}")
            future.release()
        client.cancel([shipped])


def make_executor(jobs: int | None = None, scheduler: str | None = None):
    """A ``DaskExecutor`` for ``scheduler``, else a ``LocalExecutor`` with ``jobs``."""
    return DaskExecutor(scheduler) if scheduler else LocalExecutor(jobs)
