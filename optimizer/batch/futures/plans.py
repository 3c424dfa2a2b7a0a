"""The decisions a stacked program shares or fixes, and the forecast's own plan.

- ``forecast_x``: the deterministic plan of one model (the standard stages; a MIP's decisions
  from ``solver.mip.run_mip``), as the model's full column vector;
- ``committed_keys``: the decisions starting in the first ``K`` plan years (``x[b,a,s]``,
  ``tax[s]`` with ``s < first + K``): decided now, shared by every future;
- ``take_fixed``: the take-or-leave decisions of minimum sizes (``take[b,a]``, MODEL.md
  section 9) held at a plan's: the stacked program stays an LP (docs/robust.md);
- ``decisions_fixed``: every decision of a plan (``stress``).
"""

from __future__ import annotations

import time

import numpy as np

from optimizer.batch.futures.stacked import DECISIONS, start_year
from optimizer.model import Model
from optimizer.solver.backends import make_backend
from optimizer.solver.mip import run_mip
from optimizer.solver.stages import run_stages


class NoForecastPlan(Exception):
    """The forecast scenario itself has no plan (infeasible hard limits)."""


def forecast_x(model: Model) -> np.ndarray:
    """The deterministic plan of ``model``: every column's value (``solver.stages``)."""
    started = time.perf_counter()
    if model.lp.integer:
        _, outcome, _, _ = run_mip(model, "highs", False, started, None)
    else:
        outcome = run_stages(model, make_backend(model.lp, "highs"), False, started, None)
    if outcome.plan is None:
        raise NoForecastPlan(f"the forecast has no plan ({outcome.status})")
    return np.where(np.abs(outcome.plan.x) < 1e-9, 0.0, outcome.plan.x)


def committed_keys(model: Model, commit: int) -> set[tuple[str, tuple]]:
    """Decision keys that start in the first ``commit`` plan years."""
    first = int(model.params.years[0])
    lp = model.lp
    return {
        (f, k)
        for f, k in zip(lp.col_family, lp.col_key, strict=True)
        if f in DECISIONS and (s := start_year(f, k)) is not None and s < first + commit
    }


def take_fixed(model: Model, x: np.ndarray) -> dict[tuple[str, tuple], float]:
    """``take[b,a]`` at ``x``'s values, rounded (empty without minimum sizes)."""
    return {("take", k): float(np.round(x[c])) for k, c in model.lp.cols.get("take", {}).items()}


def decisions_fixed(model: Model, x: np.ndarray) -> dict[tuple[str, tuple], float]:
    """Every decision column of ``model`` at ``x``'s value."""
    lp = model.lp
    return {
        (f, k): float(x[c])
        for f in DECISIONS
        for k, c in lp.cols.get(f, {}).items()
    } | take_fixed(model, x)
