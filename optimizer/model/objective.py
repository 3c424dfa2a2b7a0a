"""The objective vectors of docs/model.md (one per lexicographic stage).

- ``shortfall``: ``sum sw[kind] * u`` over every elastic slack; (v2) ``shortfall:<tier>`` the
  same over the slacks of one tier (``law``, ``targets``, ``frames``): stage 1, tier by tier;
- ``min_impact``: ``sum_j w[b,a] * sum_t effect[j,t] * x_j`` (impact-years, stage 2);
- ``min_savings``: the same with every weight 1;
- ``min_max_share``: ``z``, the largest share ``E[b,last]/base[b,last]`` (then ``min_impact``);
- ``tiebreak``: a deterministic preference for later starts, then earlier actions and boards
  in the user's order (stage 3, solved with stage 2's value held).
"""

from __future__ import annotations

import numpy as np

from optimizer.model.lp import LinearProgram
from optimizer.model.variables import SLACK_FAMILIES, Columns
from optimizer.params import Params
from optimizer.scenario.inputs import TIER_OF, Inputs


def define_objectives(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """Fill ``lp.objectives`` with every stage's vector."""
    for family, kind in SLACK_FAMILIES.items():
        cols = np.array(list(lp.cols.get(family, {}).values()), dtype=np.int64)
        weight = inputs.shortfall_weights.get(kind, 1.0)
        lp.objective("shortfall", cols, weight)
        lp.objective(f"shortfall:{TIER_OF[kind]}", cols, weight)
    lp.objective("min_impact", v.x, p.impact)
    lp.objective("min_savings", v.x, p.horizon)
    if v.z >= 0:
        lp.objective("min_max_share", np.array([v.z]), 1.0)
    lp.objective("tiebreak", v.x, tiebreak(p))


def stage_costs(lp: LinearProgram, requirements: tuple[tuple[str, ...], ...]) -> list[np.ndarray]:
    """Stage 1's cost vectors, one per stage of ``requirements``: the sum of its tiers'."""
    return [sum(lp.cost_vector(f"shortfall:{tier}") for tier in stage) for stage in requirements]


def tiebreak(p: Params) -> np.ndarray:
    """Distinct positive costs, smallest for late starts, then low action, then low board index.

    ``t_j = 1 + (nT - 1 - s_j) + a_j / nA + b_j / (nA * nB)``, scaled by the column's savings so
    that a bigger effect per MSEK is not penalised: the preference is per MSEK-year saved.
    """
    nT = len(p.years)
    nA = max(len(p.actions), 1)
    nB = max(len(p.boards), 1)
    rank = 1.0 + (nT - 1 - p.col_start) + p.col_action / nA + p.col_board / (nA * nB)
    return rank * np.maximum(p.savings, 1e-9)
