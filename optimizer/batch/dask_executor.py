"""Solving chunks on an existing Dask cluster (``--scheduler tcp://HOST:PORT``).

The promises (docs/robustness.md, promise 7):

- **Checked up front**: a malformed address is refused before any connection; a scheduler
  that does not answer within ``CONNECT_TIMEOUT`` seconds, or has no worker within
  ``WORKERS_TIMEOUT``, is ``ExecutorUnavailable`` (exit 2) before anything is written.
- **A run is ``error`` only when the run itself failed.** ``solve_chunk`` never raises for a
  run's own trouble, so a failed task is the cluster's failure (a worker died, the scattered
  payload was lost, the scheduler went away): its chunk is never stored as errors. It is sent
  again, with the payload scattered afresh, up to ``MAX_ATTEMPTS`` times in all.
- **No hang**: chunks that make no progress for ``STALL_TIMEOUT`` seconds count as failed
  (and are sent again); a scheduler out of reach for ``DISCONNECT_TIMEOUT`` seconds ends the
  batch. Chunks still unsolved then raise ``ExecutorFailed`` after every finished chunk was
  handed over (and stored): ``--resume`` solves exactly the rest.

The timeouts can be shortened for tests through the environment (``BALANSPLAN_DASK_*``).
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterable, Iterator

from optimizer.batch.worker import Payload, solve_chunk

Chunk = tuple[int, list]
Done = tuple[int, list]
_ADDRESS = re.compile(r"(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):([0-9]{1,5})")


def _seconds(name: str, default: float) -> float:
    try:
        return float(os.environ.get(f"BALANSPLAN_DASK_{name}", default))
    except ValueError:
        return default


CONNECT_TIMEOUT = _seconds("CONNECT_TIMEOUT", 10)
WORKERS_TIMEOUT = _seconds("WORKERS_TIMEOUT", 10)
DISCONNECT_TIMEOUT = _seconds("DISCONNECT_TIMEOUT", 20)
STALL_TIMEOUT = _seconds("STALL_TIMEOUT", 900)
MAX_ATTEMPTS = 3
_POLL = 0.02  # seconds between looks at the futures (their state is local)


class ExecutorUnavailable(Exception):
    """The executor cannot start (Dask not installed, scheduler not reachable, no workers)."""


class ExecutorFailed(Exception):
    """The cluster failed mid-batch; the finished chunks are stored, ``--resume`` goes on."""


def check_address(address: str) -> None:
    """``ExecutorUnavailable`` unless ``address`` is ``tcp://HOST:PORT`` (or ``tls://``)."""
    found = _ADDRESS.fullmatch(address.strip())
    if found is None or not 1 <= int(found.group(3)) <= 65535:
        raise ExecutorUnavailable(
            f"--scheduler {address!r}: expected tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786)"
        )


class DaskExecutor:
    """An existing Dask cluster at ``address``; needs Dask (``pip install '.[dask]'`` from a
    checkout)."""

    def __init__(self, address: str):
        self.address = address.strip()
        self.name = f"dask at {self.address}"
        self.client = None

    def start(self) -> None:
        """Check the address, connect, and wait for a worker (before anything is written)."""
        check_address(self.address)
        try:
            from dask.distributed import Client  # optional dependency: the dask extra
        except ImportError:
            raise ExecutorUnavailable(
                "--scheduler needs Dask: from a checkout, pip install '.[dask]'"
            ) from None
        # after the import, which sets distributed's log levels from its config: the cluster's
        # own log would print tracebacks of its losses
        self._quiet = _Quiet()
        try:
            self.client = Client(self.address, timeout=f"{CONNECT_TIMEOUT}s", set_as_default=False)
        except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, CommClosedError ...
            raise ExecutorUnavailable(
                f"no Dask scheduler at {self.address} within {CONNECT_TIMEOUT:g} s: {exc}"
            ) from None
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except Exception:  # noqa: BLE001 - a TimeoutError of tornado's or of asyncio's
            self.close()
            raise ExecutorUnavailable(
                f"the Dask scheduler at {self.address} has no workers "
                f"(waited {WORKERS_TIMEOUT:g} s)"
            ) from None

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.close(timeout=5)
            except Exception:  # noqa: BLE001, S110 - a scheduler already gone: nothing to close
                pass
            self.client = None
        quiet = getattr(self, "_quiet", None)
        if quiet is not None:
            quiet.restore()
            self._quiet = None

    def map(self, payload: Payload, chunks: Iterable[Chunk]) -> Iterator[Done]:
        """Yield ``(chunk_id, records)`` as chunks finish (module docstring); raise
        ``ExecutorFailed`` at the end for the chunks the cluster could not solve."""
        if self.client is None:
            raise ExecutorUnavailable("DaskExecutor.start() was not called")
        pending = dict(chunks)
        attempts = dict.fromkeys(pending, 0)
        given_up: dict[int, str] = {}
        while pending:
            failed: dict[int, str] = {}
            try:
                yield from self._round(payload, pending, failed)
            except ExecutorFailed as exc:  # the scheduler is gone: nothing more can run here
                raise ExecutorFailed(_unsolved(len(pending), str(exc))) from None
            for cid, why in failed.items():
                attempts[cid] += 1
                if attempts[cid] >= MAX_ATTEMPTS:
                    given_up[cid] = why
                    del pending[cid]
        if given_up:
            first = next(iter(given_up.values()))
            raise ExecutorFailed(_unsolved(len(given_up), f"after {MAX_ATTEMPTS} tries: {first}"))

    def _round(self, payload: Payload, pending: dict, failed: dict) -> Iterator[Done]:
        """Send every pending chunk once (the payload scattered afresh); yield the finished,
        record the failed in ``failed``."""
        client = self.client
        try:
            shipped = client.scatter(payload, broadcast=True, hash=False)
            futures = {
                client.submit(solve_chunk, shipped, cid, runs, pure=False): cid
                for cid, runs in pending.items()
            }
        except Exception as exc:  # noqa: BLE001 - the scheduler went away
            raise ExecutorFailed(f"the Dask scheduler at {self.address}: {_text(exc)}") from None
        progress = time.monotonic()
        away_since: float | None = None
        try:
            while futures:
                done = [future for future in futures if future.done()]
                if not done:
                    time.sleep(_POLL)
                for future in done:
                    cid = futures.pop(future)
                    result = _result(future)
                    if isinstance(result, str):
                        failed[cid] = result
                    else:
                        del pending[cid]
                        yield result
                    progress = time.monotonic()
                now = time.monotonic()
                if client.status != "running":
                    away_since = away_since or now
                    if now - away_since > DISCONNECT_TIMEOUT:
                        raise ExecutorFailed(
                            f"lost the Dask scheduler at {self.address} "
                            f"(out of reach for {DISCONNECT_TIMEOUT:g} s)"
                        )
                else:
                    away_since = None
                if futures and now - progress > STALL_TIMEOUT:
                    for cid in futures.values():
                        failed[cid] = f"no progress for {STALL_TIMEOUT:g} s"
                    futures.clear()
        finally:
            try:
                client.cancel([*futures, shipped])
            except Exception:  # noqa: BLE001, S110 - a scheduler already gone
                pass


class _Quiet:
    """Dask's client logs every lost connection with a traceback; the user gets one message
    from ``ExecutorFailed`` instead. Only CRITICAL passes from ``distributed`` (and its child
    loggers) once a client has lived in this process: its event loop may still log a lost
    scheduler after ``close`` returns, so the levels are not put back (``restore`` keeps them)."""

    def __init__(self) -> None:
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        for name in list(logging.root.manager.loggerDict):
            if name.startswith("distributed."):
                logging.getLogger(name).setLevel(logging.CRITICAL)

    def restore(self) -> None:
        """Nothing to put back: see the class docstring."""


def _result(future) -> Done | str:
    """The chunk's ``(chunk_id, records)``, or why the cluster failed to deliver it."""
    try:
        if future.status == "finished":
            return future.result(timeout=60)
        return f"the Dask task failed: {_text(future.exception(timeout=60))}"
    except Exception as exc:  # noqa: BLE001 - a lost result, a cancelled future
        return f"the Dask task failed: {_text(exc)}"


def _text(exc: BaseException | None) -> str:
    if exc is None:
        return "lost (no exception)"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _unsolved(count: int, why: str) -> str:
    return (
        f"{count} chunk{'s' if count != 1 else ''} of runs not solved, none stored as errors "
        f"({why}); run the same command with --resume to solve them"
    )
