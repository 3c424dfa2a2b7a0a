"""Staff (årsarbetare) of MODEL.md section 9: the staff a plan removes, and attrition.

- cost per årsarbetare grows with wages: ``cpf[b,t] = cost_per_fte[b] * prod_{k<=t}(1+wage[k])``;
- a column's staff per MSEK decided: ``S[j,t] = staff_share[a] * effect[j,t] / cpf[b,t]`` (the
  staff part of the delivered effect, in årsarbetare); the plan's staff change is
  ``fte_change[b,t] = -sum_j S[j,t] x_j`` (negative: fewer);
- ``attrition[b,t]``: the reduction within a year at most what leaves by itself,
  ``sum_j (S[j,t] - S[j,t-1]) x_j - us[b,t] <= attrition[b] * fte0[b]`` (``S[j,first-1] = 0``),
  with the elastic slack ``us[b,t] >= 0``: what would need notices (uppsägningar), shown in the
  shortfall, not hidden. A ``targets``-tier requirement (its shortfall weight ``attrition``).
"""

from __future__ import annotations

import numpy as np

from optimizer.model.lp import INF, LinearProgram
from optimizer.model.variables import Columns
from optimizer.params import Params
from optimizer.scenario.inputs import Inputs


def cost_per_fte(p: Params, inputs: Inputs) -> np.ndarray:
    """``cpf[b,t]`` (NaN for a board without ``cost_per_fte``)."""
    wage = np.array([inputs.wage[int(t)] for t in p.years])
    grown = np.cumprod(1.0 + wage)
    base = np.array([inputs.core.cost_per_fte.get(b, np.nan) for b in p.boards])
    return base[:, None] * grown[None, :]


def staff_matrix(p: Params, inputs: Inputs) -> np.ndarray:
    """``S[j,t]``: årsarbetare per decided MSEK of column ``j`` in year ``t`` (0 without data)."""
    share = np.array([inputs.core.staff_share.get(a, 0.0) for a in p.actions])[p.col_action]
    cpf = cost_per_fte(p, inputs)[p.col_board]
    with np.errstate(invalid="ignore"):
        out = share[:, None] * p.effect / cpf
    return np.where(np.isnan(out), 0.0, out)


def define_attrition(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``us[b,t]`` and ``attrition[b,t]`` for every board in ``limits.attrition``."""
    core = inputs.core
    boards = [b for b in p.boards if b in core.attrition]
    if not boards:
        return
    years = [int(t) for t in p.years]
    nT = len(years)
    keys = [(b, t) for b in boards for t in years]
    us = lp.add_cols("us", keys)
    S = staff_matrix(p, inputs)
    step = S - np.concatenate([np.zeros((len(S), 1)), S[:, :-1]], axis=1)
    local, col, val = [np.arange(len(keys))], [us], [-np.ones(len(keys))]
    for i, b in enumerate(boards):
        js = np.nonzero(p.col_board == p.boards.index(b))[0]
        jj, tt = np.nonzero(step[js])
        local.append(i * nT + tt)
        col.append(v.x[js[jj]])
        val.append(step[js[jj], tt])
    ub = np.repeat([core.attrition[b] * core.fte0[b] for b in boards], nT)
    parts = map(np.concatenate, (local, col, val))
    lp.add_rows("attrition", keys, -INF, ub, *parts)
