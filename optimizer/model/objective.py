"""The objective vectors of docs/model.md (one per lexicographic stage).

- ``shortfall``: ``sum sw[kind] * u`` over every elastic slack; (v2) ``shortfall:<tier>`` the
  same over the slacks of one tier (``law``, ``targets``, ``frames``): stage 1, tier by tier;
- ``min_impact``: ``sum_j w[b,a] * sum_t effect[j,t] * x_j`` (impact-years, stage 2);
- ``min_savings``: the same with every weight 1;
- ``min_max_share``: ``z``, the largest share ``E[b,last]/base[b,last]`` (then ``min_impact``);
- ``tiebreak``: a deterministic preference for later starts, then earlier actions and boards
  in the user's order (stage 3, solved with stage 2's value held); with interest, ``1e-3`` per
  MSEK of loans (borrow only what is needed).

Section 9's tax lever ``z[s]`` enters ``min_impact`` with its harm ``w_tax * MSEK-years``,
``min_savings`` with its MSEK-years, and the tie-break after every action (later starts first).
``objective_layout`` finds the columns once; ``objective_numbers`` fills the vectors for one
scenario (``model.build`` and the batch fast path both call it).
"""

from __future__ import annotations

import numpy as np

from optimizer.model.financial import tax_harm, tax_horizon, tax_starts
from optimizer.model.lp import LinearProgram
from optimizer.model.variables import SLACK_FAMILIES, Columns
from optimizer.params import Params
from optimizer.scenario.inputs import TIER_OF, Inputs

LOANS_TIEBREAK = 1e-3  # with interest: among equal plans, the least loans


def objective_layout(lp: LinearProgram, v: Columns) -> dict:
    """The columns each objective vector reads (found once: the structure of ``lp``)."""
    cols = lambda family: np.array(list(lp.cols.get(family, {}).values()), np.int64)  # noqa: E731
    return {
        "n": lp.num_cols,
        "slacks": {family: cols(family) for family in SLACK_FAMILIES},
        "x": v.x,
        "z": v.z,
        "tax": cols("tax"),
        "loans": v.loans if "interest" in lp.cols else np.zeros(0, np.int64),
    }


def objective_numbers(p: Params, inputs: Inputs, layout: dict) -> dict[str, np.ndarray]:
    """Every stage's vector over every column (the module doc), for one scenario."""
    n, x, z, tax = layout["n"], layout["x"], layout["z"], layout["tax"]
    out: dict[str, np.ndarray] = {}
    for family, kind in SLACK_FAMILIES.items():
        weight = inputs.shortfall_weights.get(kind, 1.0)
        for name in ("shortfall", f"shortfall:{TIER_OF[kind]}"):
            vec = out.setdefault(name, np.zeros(n))
            vec[layout["slacks"][family]] += weight
    impact, savings, rank = np.zeros(n), np.zeros(n), np.zeros(n)
    impact[x], savings[x], rank[x] = p.impact, p.horizon, tiebreak(p)
    if len(tax):  # the tax lever: harm w_tax * MSEK-years; later starts first in the tie-break
        msek_years = tax_horizon(p, inputs)
        impact[tax], savings[tax] = tax_harm(p, inputs), msek_years
        starts = np.array(tax_starts(p, inputs))
        rank[tax] = (2.0 + (len(p.years) - 1 - starts)) * np.maximum(msek_years, 1e-9)
    rank[layout["loans"]] += LOANS_TIEBREAK
    out.update(min_impact=impact, min_savings=savings, tiebreak=rank)
    if z >= 0:
        out["min_max_share"] = np.zeros(n)
        out["min_max_share"][z] = 1.0
    return out


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
