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

from optimizer.model.constraints import started
from optimizer.model.family import Layout, Numbers, RowFamily
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


def attrition_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``us[b,t]`` (its columns) and ``attrition[b,t]`` for every board in ``limits.attrition``."""
    boards = [b for b in p.boards if b in inputs.core.attrition]
    if not boards:
        return None
    years = [int(t) for t in p.years]
    nT = len(years)
    keys = [(b, t) for b in boards for t in years]
    us = lp.add_cols("us", keys)
    jj, tt = started(p)
    board_row = {p.boards.index(b): i for i, b in enumerate(boards)}
    row = np.array([board_row.get(b, -1) for b in p.col_board[jj].tolist()], dtype=np.int64)
    mine = row >= 0
    jj, tt = jj[mine], tt[mine]
    local = np.concatenate([np.arange(len(keys)), row[mine] * nT + tt])
    col = np.concatenate([us, v.x[jj]])
    return Layout(keys, local, col, {"jj": jj, "tt": tt, "boards": boards, "nT": nT})


def attrition_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    """Entries ``-1`` (``us``) and ``S[j,t] - S[j,t-1]``; ``ub = attrition[b] * fte0[b]``."""
    at, core = layout.at, inputs.core
    S = staff_matrix(p, inputs)
    step = S - np.concatenate([np.zeros((len(S), 1)), S[:, :-1]], axis=1)
    values = np.concatenate([-np.ones(len(layout.keys)), step[at["jj"], at["tt"]]])
    ub = np.repeat([core.attrition[b] * core.fte0[b] for b in at["boards"]], at["nT"])
    return Numbers(values, -INF, ub)


FAMILIES = (RowFamily("attrition", attrition_layout, attrition_numbers),)
