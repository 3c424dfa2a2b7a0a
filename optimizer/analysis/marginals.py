"""The stage-2 marginal information (duals, activities, reduced costs) every sensitivity table reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.model.build import Model
from optimizer.results.tabulate import normalised_duals

SAVINGS_EPS = 1e-12  # a column saving less (MSEK-years per MSEK) has no weight of its own


@dataclass(frozen=True)
class Marginals:
    """The stage-2 marginal information every sensitivity table reads (arrays by LP index).

    ``row_dual``: docs/model.md's sign (the fall in the objective per MSEK loosened);
    ``activity``: stage-2 row activities ``A x``; ``row_lb/row_ub``: the rows' bounds;
    per decision column ``j`` (``Params`` order): ``savings`` ``s_j``, ``weight`` the effective
    weight ``c_j / s_j`` (NaN where ``s_j = 0``), ``col_dual`` ``d_j``, ``rc`` ``d_j / s_j``,
    ``stage2_x`` the stage-2 amounts; ``amount`` the reported plan (after the tie-break).
    """

    model: Model
    objective: str
    row_dual: np.ndarray
    activity: np.ndarray
    row_lb: np.ndarray
    row_ub: np.ndarray
    savings: np.ndarray
    weight: np.ndarray
    col_dual: np.ndarray
    rc: np.ndarray
    stage2_x: np.ndarray
    amount: np.ndarray
    ranging: dict[str, np.ndarray] | None

    def row(self, family: str, key: tuple) -> int | None:
        """The LP row of ``family[key]``, or None where the model has no such row."""
        return self.model.lp.rows.get(family, {}).get(key)

    def dual(self, family: str, key: tuple) -> float:
        """docs/model.md-signed dual of ``family[key]`` (0 where the row does not exist)."""
        r = self.row(family, key)
        return 0.0 if r is None else float(self.row_dual[r])


def stage2_objective(model: Model) -> str:
    """The cost vector the duals belong to: ``min_savings``, else ``min_impact``."""
    return "min_savings" if model.inputs.objective == "min_savings" else "min_impact"


def marginals(model: Model, outcome, x: np.ndarray) -> Marginals:
    """Collect ``Marginals`` from a solve's ``Outcome`` (with a plan) and its plan ``x``."""
    lp, p, v = model.lp, model.params, model.columns
    stage = outcome.duals
    _, _, row_lb, row_ub = lp.bounds()
    objective = stage2_objective(model)
    savings = p.horizon  # impact-years per unit weight (tail_years included)
    has = savings > SAVINGS_EPS
    safe = np.where(has, savings, 1.0)
    cost = lp.cost_vector(objective)[v.x]
    col_dual = np.asarray(stage.col_dual, dtype=float)[v.x]
    return Marginals(
        model=model,
        objective=objective,
        row_dual=normalised_duals(lp, stage.row_dual),
        activity=np.asarray(stage.row_value, dtype=float)[: lp.num_rows],
        row_lb=row_lb,
        row_ub=row_ub,
        savings=savings,
        weight=np.where(has, cost / safe, np.nan),
        col_dual=col_dual,
        rc=np.where(has, col_dual / safe, np.nan),
        stage2_x=np.asarray(stage.x, dtype=float)[v.x],
        amount=np.asarray(x, dtype=float)[v.x],
        ranging=outcome.ranging,
    )
