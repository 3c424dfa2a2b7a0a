"""The columns of the LP (docs/model.md), as index arrays into ``LinearProgram``.

- ``x[b,a,s] >= 0``: one per ``Params`` column ``j``;
- ``cost[b,t]`` free: the net cost ``C[b,t]`` of section 4, an auxiliary column that keeps the
  matrix sparse (region rows then hold ``nB`` terms, not one per action);
- elastic slacks ``uf[b,t]`` (decided years only), ``ur[t]``, ``um[y]``, ``uc[c,t]``, ``uk[t]``,
  (v2, with the law's balance keys) ``ud[t]`` and ``ul[y]`` (each ``>= 0``; a strict solve
  bounds those with a positive weight at 0);
- (v2) ``zx[k] <= 0`` for each exempted plan year ``k``: its contribution to restoring the
  opening deficits, ``min(BKR[k] + exempt[k], 0)`` (docs/model.md);
- with liquidity: ``cash[t]``, ``loans[t]`` (``0..loan_cap``) and ``dl[t]`` (free);
- with ``min_max_share``: ``z``, the largest share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from optimizer.model.lp import INF, LinearProgram
from optimizer.params import Params
from optimizer.scenario.inputs import Inputs

SLACK_FAMILIES = {
    "uf": "frame", "ur": "result", "um": "milestone", "uc": "category", "uk": "cash",
    "ud": "no_deficit", "ul": "deadline",
    "us": "attrition",  # MODEL.md section 9: staff reduction beyond attrition (model/financial.py)
}  # fmt: skip


@dataclass(frozen=True)
class Columns:
    """Index arrays of each column family (``-1`` where a column does not exist)."""

    x: np.ndarray  # (nX,)
    cost: np.ndarray  # (nB, nT)
    uf: np.ndarray  # (nB, nT), -1 in the years whose frames are proposed
    ur: np.ndarray  # (nT,)
    um: np.ndarray  # (nT,)
    uc: dict[tuple[str, int], int]
    cash: np.ndarray  # (nT,) or empty
    loans: np.ndarray
    dl: np.ndarray
    uk: np.ndarray
    z: int
    ud: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # (nT,) or empty
    ul: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # (nT,), -1 if none
    zx: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # (nT,), -1 if none


def define_variables(lp: LinearProgram, p: Params, inputs: Inputs) -> Columns:
    """Add every column family to ``lp``."""
    years = [int(t) for t in p.years]
    nT = len(years)
    x = lp.add_cols(
        "x",
        [
            (p.boards[b], p.actions[a], years[s])
            for b, a, s in zip(p.col_board, p.col_action, p.col_start, strict=True)
        ],
    )
    bt = [(b, t) for b in p.boards for t in years]
    cost = lp.add_cols("cost", bt, lb=-INF).reshape(len(p.boards), nT)
    decided = p.decided_mask
    uf = np.full((len(p.boards), nT), -1, dtype=np.int64)
    cells = [(i, k) for i in range(len(p.boards)) for k in range(nT) if decided[k]]
    made = lp.add_cols("uf", [(p.boards[i], years[k]) for i, k in cells])
    for (i, k), col in zip(cells, made.tolist(), strict=True):
        uf[i, k] = col
    ur = _per_year(lp, "ur", years, inputs.result_targets)
    um = _per_year(lp, "um", years, inputs.milestones)
    ckeys = sorted(inputs.category_targets)
    uc = dict(zip(ckeys, lp.add_cols("uc", ckeys).tolist(), strict=True))
    empty = np.zeros(0, dtype=np.int64)
    cash = loans = dl = uk = empty
    if inputs.liquidity is not None:
        keys = [(t,) for t in years]
        cash = lp.add_cols("cash", keys, lb=-INF)
        loans = lp.add_cols("loans", keys, lb=0.0, ub=inputs.liquidity.loan_cap)
        dl = lp.add_cols("dl", keys, lb=-INF)
        uk = lp.add_cols("uk", keys)
    z = -1
    if inputs.objective == "min_max_share":
        z = int(lp.add_cols("z", [("max_share",)], lb=-INF)[0])
    ud = ul = zx = empty
    if inputs.balance_law:
        ud = lp.add_cols("ud", [(t,) for t in years])
        ul = _per_year(lp, "ul", years, set(inputs.deadline_years))
        zx = _per_year(lp, "zx", years, {t for t, e in inputs.exempt.items() if e > 0}, -INF, 0.0)
    return Columns(x, cost, uf, ur, um, uc, cash, loans, dl, uk, z, ud, ul, zx)


def _per_year(
    lp: LinearProgram,
    family: str,
    years: list[int],
    given,
    lb: float = 0.0,
    ub: float = INF,
) -> np.ndarray:
    """One column per year in ``given``; ``-1`` for the other plan years."""
    out = np.full(len(years), -1, dtype=np.int64)
    pos = [k for k, t in enumerate(years) if t in given]
    out[pos] = lp.add_cols(family, [(years[k],) for k in pos], lb=lb, ub=ub)
    return out


def slack_columns(lp: LinearProgram, weights: dict[str, float] | None = None) -> np.ndarray:
    """Indices of every elastic slack column; with ``weights`` (``shortfall_weights``), only
    those of a requirement with a positive weight (a weight of 0 makes a row informational:
    its slack stays free in every solve path, docs/model.md)."""
    return np.array(
        [
            i
            for fam, kind in SLACK_FAMILIES.items()
            if weights is None or weights.get(kind, 1.0) > 0
            for i in lp.cols.get(fam, {}).values()
        ],
        dtype=np.int64,
    )
