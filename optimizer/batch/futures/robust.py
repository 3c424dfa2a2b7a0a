"""``balansplan robust``: a two-stage stochastic program over ``N`` futures (MODEL.md 10.4).

The decisions starting in the first ``K`` plan years (``plans.committed_keys``) are one column
shared by every future: the council decides them now. Later starts, the financing and every
slack are each future's own (recourse). The stages are lexicographic across futures
(``stacked.Stacked.solve``): the risk measure (``risk.py``) of the law tier's shortfall, then
of the targets tier (and frames), then the expected harm. Three programs on the same futures,
each a relaxation or a restriction of the next, so the comparisons below cannot go the wrong
way (up to the hold tolerance):

- **wait-and-see** (``K = 0``, nothing shared: every future planned with foresight);
- **robust** (the ``K`` first years shared);
- **forecast held** (those decisions fixed at the forecast's own plan, the rest adapting).

Each compares lexicographically as the vector ``(tier values..., expected objective)``:

- ``VSS = forecast held - robust`` (the value of the stochastic solution, >= 0);
- ``EVPI = robust - wait-and-see`` (the expected value of perfect information, >= 0).

The take-or-leave decisions of minimum sizes (a MIP's binaries) are held at the forecast
plan's in all three, so every program is an LP (docs/robust.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimizer.batch.futures.draw import Futures
from optimizer.batch.futures.outcomes import Outcomes
from optimizer.batch.futures.plans import committed_keys, forecast_x, take_fixed
from optimizer.batch.futures.risk import Risk
from optimizer.batch.futures.stacked import DECISIONS, Roles, Solution, Stacked, solve_futures
from optimizer.model import Model
from optimizer.results.tabulate import plan_figures


@dataclass
class Robust:
    """The three programs' solutions, their outcomes in the futures, and the decisions."""

    commit: int
    risk: Risk
    forecast: Model
    forecast_x: np.ndarray
    robust: Solution
    held: Solution
    foresight: Solution
    robust_out: Outcomes
    held_out: Outcomes

    def values(self, solution: Solution) -> list[float]:
        return [*solution.tiers, solution.objective]

    @property
    def vss(self) -> list[float]:
        return _diff(self.values(self.held), self.values(self.robust))

    @property
    def evpi(self) -> list[float]:
        return _diff(self.values(self.robust), self.values(self.foresight))

    def committed_x(self, solution: Solution | None = None) -> np.ndarray:
        """The forecast model's column vector with the committed decisions of ``solution``
        (default: the robust plan; future 0's copy, which every future shares) and 0 elsewhere."""
        solution = solution or self.robust
        keys = committed_keys(self.forecast, self.commit)
        lp = self.forecast.lp
        x = np.zeros(lp.num_cols)
        for (family, key) in keys:
            col = lp.cols[family][key]
            x[col] = solution.x[0][col]
        for (family, key), value in take_fixed(self.forecast, self.forecast_x).items():
            x[lp.cols[family][key]] = value
        return x

    def committed_msek(self, solution: Solution) -> float:
        """MSEK a year in full effect of the committed actions (the tax lever left out)."""
        cols = list(self.forecast.lp.cols["x"].values())
        return float(self.committed_x(solution)[cols].sum())

    def actions(self) -> pd.DataFrame:
        """``actions.csv``: the decisions to commit now, as a solve lists them."""
        return plan_figures(self.forecast, self.committed_x()).actions

    def recourse(self) -> pd.DataFrame:
        """Per future the decisions it adds later (``future, board, action, start_year,
        amount``), a long table."""
        committed = committed_keys(self.forecast, self.commit)
        rows = []
        for i, x in enumerate(self.robust.x):
            lp = self.forecast.lp
            for family in DECISIONS[:2]:
                for key, col in lp.cols.get(family, {}).items():
                    if (family, key) in committed or x[col] <= 1e-6:
                        continue
                    board, action, year = key if family == "x" else ("region", "tax_rate", key[0])
                    rows.append((i, board, action, int(year), float(x[col])))
        names = ["future", "board", "action", "start_year", "amount"]
        return pd.DataFrame(rows, columns=names)

    def deadlines(self) -> pd.DataFrame:
        """Per law requirement the probability it fails under each plan, side by side."""
        rows = []
        for r, req in enumerate(self.robust_out.requirements):
            if req.tier != "law":
                continue
            rows.append(
                {
                    "requirement": req.requirement,
                    "year": req.year,
                    "probability_robust": float(self.robust_out.failed()[:, r].mean()),
                    "probability_forecast": float(self.held_out.failed()[:, r].mean()),
                    "mean_shortfall_robust": float(self.robust_out.shortfall[:, r].mean()),
                    "mean_shortfall_forecast": float(self.held_out.shortfall[:, r].mean()),
                }
            )
        return pd.DataFrame(rows)

    def summary(self, futures: Futures) -> dict:
        labels = []
        for stage in self.forecast.inputs.requirements:
            name = "+".join(stage)
            labels += [name] if self.risk.kind == "expected" else [name, f"{name}:expected"]
        labels.append(self.forecast.inputs.objective)

        def named(values: list[float]) -> dict:
            return {k: float(v) for k, v in zip(labels, values, strict=True)}

        forecast_impact = plan_figures(self.forecast, self.forecast_x).impact
        return {
            "samples": futures.n,
            "seed": futures.seed,
            "keys": futures.keys,
            "commit": self.commit,
            "committed_through": int(self.forecast.params.years[0]) + self.commit - 1,
            "risk": str(self.risk),
            "robust": named(self.values(self.robust)),
            "forecast_held": named(self.values(self.held)),
            "foresight": named(self.values(self.foresight)),
            "vss": named(self.vss),
            "evpi": named(self.evpi),
            "forecast_impact": forecast_impact,
            "committed_impact_robust": plan_figures(self.forecast, self.committed_x()).impact,
            "committed_impact_forecast": plan_figures(
                self.forecast, self.committed_x(self.held)
            ).impact,
            "committed_msek_robust": self.committed_msek(self.robust),
            "committed_msek_forecast": self.committed_msek(self.held),
            "seconds": {
                "robust": self.robust.seconds,
                "forecast_held": self.held.seconds,
                "foresight": self.foresight.seconds,
            },
            "size": {"columns": self.robust.size[0], "rows": self.robust.size[1]},
        }


def _diff(a: list[float], b: list[float]) -> list[float]:
    return [float(x - y) for x, y in zip(a, b, strict=True)]


def robust(
    futures: Futures, forecast: Model, commit: int, risk: Risk, threads: int = 1
) -> Robust:
    """The robust plan, the forecast's plan held with recourse, and foresight (module doc)."""
    fx = forecast_x(forecast)
    take = take_fixed(forecast, fx)
    shared = committed_keys(forecast, commit)
    models = futures.models
    plan = Stacked(models, Roles(take, shared)).solve(risk, threads)
    held_fixed = take | {key: float(fx[forecast.lp.cols[key[0]][key[1]]]) for key in shared}
    held = solve_futures(models, Roles(held_fixed), risk, threads)
    foresight = solve_futures(models, Roles(take), risk, threads)
    return Robust(
        commit,
        risk,
        forecast,
        fx,
        plan,
        held,
        foresight,
        Outcomes.of(models, plan.x),
        Outcomes.of(models, held.x),
    )
