"""The futures of a scenario: ``N`` draws of its ``uncertainty:`` block, each a full ``Model``.

A future is the scenario with its uncertain keys set to one sample (``batch.sampling.draw``,
the same Gaussian copula and the same values as ``balansplan sweep --samples N --seed S``) and
assembled by ``model.build``: every number of a future comes from the model's own functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.batch.plan import montecarlo_plan
from optimizer.model import Model, build
from optimizer.scenario.inputs import InputError, Inputs, Problem
from optimizer.scenario.load import compose_inputs

MAX_FUTURES = 100_000


@dataclass
class Futures:
    """``values[i, k]``: key ``keys[k]`` in future ``i``; ``models[i]`` its assembled model."""

    keys: list[str]
    values: np.ndarray
    models: list[Model]
    seed: int | None = None

    @property
    def n(self) -> int:
        return len(self.models)

    def subset(self, ids: list[int]) -> Futures:
        """The futures ``ids`` (in that order)."""
        return Futures(self.keys, self.values[ids], [self.models[i] for i in ids], self.seed)


def draw_futures(
    path: str | None, samples: int, seed: int, use=(), sets=(), priorities=None
) -> Futures:
    """``samples`` futures of the scenario at ``path`` (``InputError`` for a bad block)."""
    if not 1 <= samples <= MAX_FUTURES:
        raise InputError(
            Problem("--samples", "", samples, f"a number of futures from 1 to {MAX_FUTURES}")
        )
    plan = montecarlo_plan(path, samples, seed, use, sets, priorities)
    base = plan.bases[0]
    models = [build(compose_inputs(base, run.sets, with_hash=False)) for run in plan.runs]
    values = np.column_stack([np.asarray(plan.columns[k], dtype=float) for k in plan.keys])
    return Futures(list(plan.keys), values, models, seed)


def same_futures(inputs: Inputs, n: int) -> Futures:
    """``n`` copies of one scenario: nothing uncertain (for checks and tests)."""
    model = build(inputs)
    return Futures([], np.zeros((n, 0)), [model] * n, None)


def futures_of(inputs: list[Inputs]) -> Futures:
    """Futures given as scenarios (hand-made futures, tests)."""
    return Futures([], np.zeros((len(inputs), 0)), [build(i) for i in inputs], None)
