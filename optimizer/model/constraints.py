"""The constraint families of docs/model.md, one ``define_<family>`` each.

Notation: ``C[b,t]`` is the cost column, ``K[t] = rev + grants + fin - central`` (so
``R[t] = K[t] - sum_b C[b,t]``), ``x_j`` the decision columns of ``Params``.
Every function adds its rows to ``lp`` under its family name, keyed in the user's terms.
"""

from __future__ import annotations

import numpy as np

from optimizer.model.lp import INF, LinearProgram
from optimizer.model.variables import Columns
from optimizer.params import Params
from optimizer.scenario.inputs import Inputs


def _years(p: Params) -> list[int]:
    return [int(t) for t in p.years]


def define_cost(lp: LinearProgram, p: Params, v: Columns) -> None:
    """``cost[b,t]``: ``C[b,t] - sum_j cost[j,t] x_j = base[b,t]`` (section 4's net cost).

    An internal definition row (not a requirement): it carries ``E``, ``O`` and ``D``.
    """
    nB, nT = v.cost.shape
    jj, tt = np.nonzero(p.cost)
    local = np.concatenate([np.arange(nB * nT), p.col_board[jj] * nT + tt])
    col = np.concatenate([v.cost.ravel(), v.x[jj]])
    val = np.concatenate([np.ones(nB * nT), -p.cost[jj, tt]])
    keys = [(b, t) for b in p.boards for t in _years(p)]
    base = p.base.ravel()
    lp.add_rows("cost", keys, base, base, local, col, val)


def define_frame(lp: LinearProgram, p: Params, v: Columns) -> None:
    """``frame[b,t]``: ``C[b,t] - uf[b,t] <= frame[b,t]`` (hold the budget frame), in the years
    whose frames are decided (v2: ``t <= frames_decided_through``; later ones are proposed)."""
    cells = v.uf.ravel() >= 0
    n = int(cells.sum())
    local = np.concatenate([np.arange(n), np.arange(n)])
    col = np.concatenate([v.cost.ravel()[cells], v.uf.ravel()[cells]])
    val = np.concatenate([np.ones(n), -np.ones(n)])
    keys = [(b, t) for b in p.boards for t in _years(p)]
    keys = [key for key, keep in zip(keys, cells.tolist(), strict=True) if keep]
    lp.add_rows("frame", keys, -INF, p.frame.ravel()[cells], local, col, val)


def _region_rows(v: Columns, positions: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Entries ``-C[b,k]`` for every board and every year position ``k`` of each row."""
    local, col = [], []
    for r, ks in enumerate(positions):
        cols = v.cost[:, ks].ravel()
        local.append(np.full(len(cols), r))
        col.append(cols)
    if not local:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(local), np.concatenate(col)


def define_result(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``result[t]``: ``R[t] + ur[t] >= target[t]``, i.e. ``-sum_b C[b,t] + ur[t] >= target - K[t]``."""
    years = _years(p)
    pos = [k for k, t in enumerate(years) if t in inputs.result_targets]
    local, col = _region_rows(v, [[k] for k in pos])
    local = np.concatenate([local, np.arange(len(pos))])
    col = np.concatenate([col, v.ur[pos]])
    val = np.concatenate([-np.ones(len(local) - len(pos)), np.ones(len(pos))])
    lb = np.array([inputs.result_targets[years[k]] - p.net_revenue[k] for k in pos])
    lp.add_rows("result", [(years[k],) for k in pos], lb, INF, local, col, val)


def define_milestone(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``milestone[y]``: ``Bal[y] + um[y] >= mile[y]`` with ``Bal[y] = bal0 + sum_{k<=y}(R[k] + adj[k])``.

    Row: ``-sum_{k<=y} sum_b C[b,k] + um[y] >= mile[y] - bal0 - sum_{k<=y}(K[k] + adj[k])``.
    """
    years = _years(p)
    pos = [k for k, t in enumerate(years) if t in inputs.milestones]
    local, col = _region_rows(v, [list(range(k + 1)) for k in pos])
    local = np.concatenate([local, np.arange(len(pos))])
    col = np.concatenate([col, v.um[pos]])
    val = np.concatenate([-np.ones(len(local) - len(pos)), np.ones(len(pos))])
    adj = np.array([inputs.adjustments.get(t, 0.0) for t in years])
    known = inputs.balance_opening + np.cumsum(p.net_revenue + adj)
    lb = np.array([inputs.milestones[years[k]] - known[k] for k in pos])
    lp.add_rows("milestone", [(years[k],) for k in pos], lb, INF, local, col, val)


def define_potential(lp: LinearProgram, p: Params, v: Columns) -> None:
    """``potential[b,a]``: ``sum_s x[b,a,s] <= pot[b,a]``."""
    keys = [(p.boards[b], p.actions[a]) for b, a, _ in p.pairs]
    pot = np.array([pot for _, _, pot in p.pairs], dtype=float)
    lp.add_rows("potential", keys, -INF, pot, p.col_pair, v.x, np.ones(len(v.x)))


def define_pace(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``pace[b,s]``: ``sum_a x[b,a,s] <= pace[b] * base[b,s]`` (rows with at least one action)."""
    years = _years(p)
    bpos = {b: i for i, b in enumerate(p.boards)}
    limited = np.array([bpos[b] for b in inputs.pace if b in bpos], dtype=np.int64)
    cells = sorted(
        {(b, s) for b, s in zip(p.col_board.tolist(), p.col_start.tolist(), strict=True)}
        & {(b, s) for b in limited.tolist() for s in range(len(years))}
    )
    row_of = {cell: r for r, cell in enumerate(cells)}
    mask = np.array(
        [(b, s) in row_of for b, s in zip(p.col_board, p.col_start, strict=True)], dtype=bool
    )
    local = np.array(
        [row_of[(b, s)] for b, s in zip(p.col_board[mask], p.col_start[mask], strict=True)],
        dtype=np.int64,
    )
    ub = np.array([inputs.pace[p.boards[b]] * p.base[b, s] for b, s in cells])
    keys = [(p.boards[b], years[s]) for b, s in cells]
    lp.add_rows("pace", keys, -INF, ub, local, v.x[mask], np.ones(int(mask.sum())))


def define_freeze(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``freeze[t]``: ``sum_b C[b,t] <= sum_b cost0[b]`` in the cost-freeze years."""
    years = _years(p)
    pos = [years.index(t) for t in inputs.cost_freeze]
    local, col = _region_rows(v, [[k] for k in pos])
    lp.add_rows(
        "freeze", [(years[k],) for k in pos], -INF, p.cost0.sum(), local, col, np.ones(len(col))
    )


def define_category(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``category[c,t]``: ``sum_{b, a in c} E_a[b,t] + uc[c,t] >= ctarget[c,t]``; the committed
    actions' effects count towards it (fixed, on the right: ``ctarget`` less them)."""
    years = _years(p)
    keys = sorted(inputs.category_targets)
    col_category = np.array([p.categories[a] for a in p.col_action], dtype=object)
    local, col, val = [], [], []
    for r, (c, t) in enumerate(keys):
        k = years.index(t)
        js = np.nonzero((col_category == c) & (p.effect[:, k] != 0))[0]
        local += [np.full(len(js) + 1, r)]
        col += [v.x[js], [v.uc[(c, t)]]]
        val += [p.effect[js, k], [1.0]]
    lb = np.array([inputs.category_targets[(c, t)] - committed_in(p, c, t) for c, t in keys])
    cat = lambda parts: np.concatenate(parts) if parts else np.zeros(0)  # noqa: E731
    lp.add_rows("category", keys, lb, INF, cat(local), cat(col), cat(val))


def committed_in(p: Params, category: str, year: int) -> float:
    """``sum_{k: cat(a_k) = c} effect[k,t]``: the committed actions' effect in ``category``."""
    com = p.committed
    if com is None or not len(com.amount):
        return 0.0
    k = _years(p).index(year)
    rows = [i for i, a in enumerate(com.action.tolist()) if p.categories[a] == category]
    return float(com.effect[rows, k].sum())


def define_invest(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``invest[t]``: ``sum_{b,a} capex[a] * x[b,a,t] <= iroom[t]``."""
    years = _years(p)
    pos = [years.index(t) for t in sorted(inputs.investment_room)]
    row_of = {k: r for r, k in enumerate(pos)}
    mask = np.isin(p.col_start, pos)
    local = np.array([row_of[s] for s in p.col_start[mask]], dtype=np.int64)
    ub = np.array([inputs.investment_room[years[k]] for k in pos])
    lp.add_rows("invest", [(years[k],) for k in pos], -INF, ub, local, v.x[mask], p.capex[mask])


def define_floor(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``floor[b,t]``: ``C[b,t] >= floor[b,t]`` (a protected cost floor)."""
    years = _years(p)
    keys = sorted(inputs.priorities.floors)
    col = np.array([v.cost[p.boards.index(b), years.index(t)] for b, t in keys], dtype=np.int64)
    lb = np.array([inputs.priorities.floors[key] for key in keys])
    lp.add_rows("floor", keys, lb, INF, np.arange(len(keys)), col, np.ones(len(keys)))


def define_liquidity(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """Liquidity (likviditet) and the loan ceiling (lånetak), where given.

    - ``cash[t]``: ``cash[t] - cash[t-1] + sum_b C[b,t] - sum_j (dep[j,t] - capex_j [s_j = t]) x_j
      - dl[t] = K[t] + dep0[t] - inv0[t]`` (``cash[base]`` = opening cash moves to the right);
    - ``loans[t]``: ``loans[t] - loans[t-1] - dl[t] = 0`` (``loans[base]`` = opening loans),
      ``0 <= loans[t] <= loan_cap`` as column bounds;
    - ``min_cash[t]``: ``cash[t] + uk[t] >= min_cash``.
    """
    liq = inputs.liquidity
    if liq is None:
        return
    years = _years(p)
    nT = len(years)
    nB = v.cost.shape[0]
    keys = [(t,) for t in years]
    flow = p.dep - p.capex[:, None] * (np.arange(nT)[None, :] == p.col_start[:, None])
    jj, tt = np.nonzero(flow)
    local = [np.arange(nT), np.arange(1, nT), np.repeat(np.arange(nT), nB), tt, np.arange(nT)]
    col = [v.cash, v.cash[:-1], v.cost.T.ravel(), v.x[jj], v.dl]
    val = [np.ones(nT), -np.ones(nT - 1), np.ones(nB * nT), -flow[jj, tt], -np.ones(nT)]
    rhs = p.net_revenue + np.array(
        [liq.depreciation.get(t, 0.0) - liq.investments.get(t, 0.0) for t in years]
    )
    rhs[0] += liq.opening_cash
    lp.add_rows("cash", keys, rhs, rhs, *map(np.concatenate, (local, col, val)))
    rhs = np.zeros(nT)
    rhs[0] = liq.opening_loans
    local = np.concatenate([np.arange(nT), np.arange(1, nT), np.arange(nT)])
    col = np.concatenate([v.loans, v.loans[:-1], v.dl])
    val = np.concatenate([np.ones(nT), -np.ones(nT - 1), -np.ones(nT)])
    lp.add_rows("loans", keys, rhs, rhs, local, col, val)
    local = np.concatenate([np.arange(nT), np.arange(nT)])
    col = np.concatenate([v.cash, v.uk])
    lp.add_rows("min_cash", keys, liq.min_cash, INF, local, col, np.ones(2 * nT))


def define_max_share(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``max_share[b]``: ``E[b,last] - base[b,last] * z <= 0`` for every unprotected board."""
    if v.z < 0:
        return
    boards = [i for i, b in enumerate(p.boards) if b not in inputs.priorities.protected_boards]
    row_of = {b: r for r, b in enumerate(boards)}
    js = np.nonzero(np.isin(p.col_board, boards) & (p.effect[:, -1] != 0))[0]
    local = np.concatenate([[row_of[b] for b in p.col_board[js]], np.arange(len(boards))])
    col = np.concatenate([v.x[js], np.full(len(boards), v.z)])
    val = np.concatenate([p.effect[js, -1], -p.base[boards, -1]])
    keys = [(p.boards[b],) for b in boards]
    lp.add_rows("max_share", keys, -INF, 0.0, local.astype(np.int64), col, val)
