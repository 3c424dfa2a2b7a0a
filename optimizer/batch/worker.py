"""Solving one chunk of runs: what a worker process (local or on Dask) does.

A worker gets the ``Payload`` once (the groups' bases, read on the driver) and then chunks of
runs. For each run it composes the inputs (``compose_inputs``: the base plus the run's
``--set`` texts) and hands them to a solver: ``FastSolver`` (``fastpath.py``, warm re-solves
on one HiGHS model) when present and asked for, else ``StandardSolver`` (``standard.py``).

Every chunk starts from a fresh solver state (a new solver, or ``reset()`` where the solver
has one), so a chunk's answers depend on the chunk only, never on which worker solved which
chunk before: the same batch gives the same numbers, byte for byte, with any ``--jobs``.

Nothing a run does stops the chunk: a bad composed input, a solver failure or any exception
becomes that run's status ``error`` with the message.
"""

from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass, field

import pandas as pd

from optimizer.batch.fastpath.solver import FastSolver
from optimizer.batch.plan import Run
from optimizer.batch.standard import StandardSolver
from optimizer.scenario.inputs import InputError, Inputs
from optimizer.scenario.load import Base, compose_inputs

DETAIL_TABLES = ("actions", "boards", "region", "shortfall")


@dataclass(frozen=True)
class Payload:
    """What every worker needs once: the bases and how to solve (shipped once per worker)."""

    token: str
    bases: tuple[Base | None, ...]
    group_sets: tuple[tuple[str, ...], ...]
    base_errors: tuple[str, ...]
    fast: bool = True
    time_limit: float | None = None
    detail: bool = False


@dataclass
class Record:
    """One run's answer as the store keeps it."""

    run_id: int
    status: str
    objective: float = math.nan
    impact: float = math.nan
    total_shortfall: float = math.nan
    savings: dict[int, float] = field(default_factory=dict)
    message: str = ""
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    shortfall_tier: str = ""  # (v2) law, targets or frames: the first tier short; "" if none


def solver_name(fast: bool) -> str:
    """``fast`` or ``standard``: the solver a payload with ``fast`` will use."""
    return "fast" if fast else "standard"


class _State(threading.local):
    """Per worker thread: the payload seen last, its groups' base inputs and solvers."""

    def __init__(self) -> None:
        self.token = ""
        self.inputs: dict[int, Inputs] = {}
        self.solvers: dict[int, object] = {}


_STATE = _State()


def _fresh(payload: Payload) -> None:
    """Forget every solver (a new chunk); forget everything for a new payload."""
    if _STATE.token != payload.token:
        _STATE.token, _STATE.inputs, _STATE.solvers = payload.token, {}, {}
    for group in list(_STATE.solvers):
        solver = _STATE.solvers[group]
        if hasattr(solver, "reset"):
            solver.reset()
        else:
            del _STATE.solvers[group]


def _solver(payload: Payload, group: int):
    if group not in _STATE.solvers:
        if group not in _STATE.inputs:
            base = payload.bases[group]
            _STATE.inputs[group] = compose_inputs(base, payload.group_sets[group])  # type: ignore[arg-type]
        cls = FastSolver if payload.fast else StandardSolver
        _STATE.solvers[group] = cls(_STATE.inputs[group], threads=1, time_limit=payload.time_limit)
    return _STATE.solvers[group]


def solve_run(payload: Payload, run: Run) -> Record:
    """One run's ``Record``; never raises for the run's own trouble."""
    if payload.bases[run.group] is None:
        return Record(run.run_id, "error", message=payload.base_errors[run.group])
    sets = payload.group_sets[run.group] + run.sets
    try:
        inputs = compose_inputs(payload.bases[run.group], sets, with_hash=payload.detail)  # type: ignore[arg-type]
    except InputError as err:
        return Record(run.run_id, "error", message="; ".join(str(p) for p in err.problems))
    try:
        outcome = _solver(payload, run.group).run(inputs, detail=payload.detail)
    except Exception as exc:  # noqa: BLE001 - one run's failure must not stop the batch
        _STATE.solvers.pop(run.group, None)  # its state is unknown now: start afresh
        return Record(run.run_id, "error", message=f"{type(exc).__name__}: {exc}")
    record = Record(
        run.run_id,
        str(outcome.status),
        float(outcome.objective),
        float(outcome.impact),
        float(outcome.total_shortfall),
        {int(t): float(v) for t, v in (outcome.savings_by_year or {}).items()},
        str(outcome.message or ""),
        shortfall_tier=str(getattr(outcome, "shortfall_tier", "") or ""),
    )
    results = getattr(outcome, "results", None)
    if payload.detail and results is not None:
        record.tables = {n: results.tables[n] for n in DETAIL_TABLES if n in results.tables}
    return record


def solve_chunk(payload: Payload, chunk_id: int, runs: list[Run]) -> tuple[int, list[Record]]:
    """Solve a chunk's runs in order from a fresh solver state; ``(chunk_id, records)``."""
    _fresh(payload)
    return chunk_id, [solve_run(payload, run) for run in runs]


# --- the local process pool: the payload arrives once, through the pool's initializer ---

_PAYLOAD: list[Payload] = []


def init_process(payload: Payload) -> None:
    """Pool initializer: keep the payload for every chunk this process solves, and end this
    process soon after the driver ends (a SIGKILLed driver leaves no workers behind)."""
    _PAYLOAD[:] = [payload]
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="balansplan-orphan-watch", daemon=True).start()


def solve_local_chunk(chunk_id: int, runs: list[Run]) -> tuple[int, list[Record]]:
    """``solve_chunk`` with the payload the initializer kept."""
    return solve_chunk(_PAYLOAD[0], chunk_id, runs)
