"""The constraint families of docs/model.md sections 4-6, each a ``layout`` and ``numbers``.

Notation: ``C[b,t]`` is the cost column, ``K[t] = rev + grants + fin - central`` (so
``R[t] = K[t] - sum_b C[b,t]``), ``x_j`` the decision columns of ``Params`` (start ``s_j``).
Each ``RowFamily`` adds its rows under its name, keyed in the user's terms (``model/family.py``:
the layout is found once from the structure, the numbers per scenario).
"""

from __future__ import annotations

import numpy as np

from optimizer.model.family import Layout, Numbers, RowFamily, cat, ints
from optimizer.model.lp import INF, LinearProgram
from optimizer.model.variables import Columns
from optimizer.params import Params
from optimizer.scenario.inputs import Inputs


def _years(p: Params) -> list[int]:
    return [int(t) for t in p.years]


def started(p: Params) -> tuple[np.ndarray, np.ndarray]:
    """``(j, t)`` of every column and plan year with ``t >= s_j``: where ``effect``, ``cost``,
    ``dep`` and the staff a column removes can be nonzero (before its start all are 0)."""
    nT = len(p.years)
    return np.nonzero(np.arange(nT)[None, :] >= p.col_start[:, None])


def _ones(layout: Layout) -> np.ndarray:
    """The layout's constant entry values (every entry of these families is +-1 or fixed)."""
    return layout.at["values"]


# --- cost[b,t]: C[b,t] - sum_j cost[j,t] x_j = base[b,t] ------------------------------------


def cost_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    """An internal definition row (not a requirement): it carries ``E``, ``O`` and ``D``."""
    nB, nT = v.cost.shape
    jj, tt = started(p)
    local = np.concatenate([np.arange(nB * nT), p.col_board[jj] * nT + tt])
    col = np.concatenate([v.cost.ravel(), v.x[jj]])
    keys = [(b, t) for b in p.boards for t in _years(p)]
    return Layout(keys, local, col, {"jj": jj, "tt": tt, "n": nB * nT})


def cost_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    at = layout.at
    values = np.concatenate([np.ones(at["n"]), -p.cost[at["jj"], at["tt"]]])
    base = p.base.ravel()
    return Numbers(values, base, base)


# --- frame[b,t]: C[b,t] - uf[b,t] <= frame[b,t], decided years only (v2) ---------------------


def frame_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    """In the years whose frames are decided (``t <= frames_decided_through``)."""
    cells = v.uf.ravel() >= 0
    n = int(cells.sum())
    local = np.concatenate([np.arange(n), np.arange(n)])
    col = np.concatenate([v.cost.ravel()[cells], v.uf.ravel()[cells]])
    keys = [(b, t) for b in p.boards for t in _years(p)]
    keys = [key for key, keep in zip(keys, cells.tolist(), strict=True) if keep]
    return Layout(keys, local, col, {"cells": cells, "values": np.repeat([1.0, -1.0], n)})


def frame_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    return Numbers(_ones(layout), -INF, p.frame.ravel()[layout.at["cells"]])


def _region_rows(v: Columns, positions: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Entries ``-C[b,k]`` for every board and every year position ``k`` of each row."""
    local, col = [], []
    for r, ks in enumerate(positions):
        cols = v.cost[:, ks].ravel()
        local.append(np.full(len(cols), r))
        col.append(cols)
    return ints(local), ints(col)


def _region_slack_rows(v: Columns, positions: list[list[int]], slack: np.ndarray) -> Layout:
    """Rows ``-sum C[b,k] + u >= ...``: the region's cost over ``positions``, and a slack."""
    local, col = _region_rows(v, positions)
    n = len(positions)
    values = np.concatenate([-np.ones(len(local)), np.ones(n)])
    return Layout([], np.concatenate([local, np.arange(n)]), np.concatenate([col, slack]),
                  {"values": values})  # fmt: skip


# --- result[t]: R[t] + ur[t] >= target[t] -----------------------------------------------------


def result_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    """``-sum_b C[b,t] + ur[t] >= target - K[t]``."""
    years = _years(p)
    pos = [k for k, t in enumerate(years) if t in inputs.result_targets]
    layout = _region_slack_rows(v, [[k] for k in pos], v.ur[pos])
    layout.keys = [(years[k],) for k in pos]
    layout.at["pos"] = pos
    return layout


def result_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    years = _years(p)
    pos = layout.at["pos"]
    lb = np.array([inputs.result_targets[years[k]] - p.net_revenue[k] for k in pos])
    return Numbers(_ones(layout), lb, INF)


# --- milestone[y]: Bal[y] + um[y] >= mile[y] -------------------------------------------------


def milestone_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    """``Bal[y] = bal0 + sum_{k<=y}(R[k] + adj[k])``, so the row is
    ``-sum_{k<=y} sum_b C[b,k] + um[y] >= mile[y] - bal0 - sum_{k<=y}(K[k] + adj[k])``."""
    years = _years(p)
    pos = [k for k, t in enumerate(years) if t in inputs.milestones]
    layout = _region_slack_rows(v, [list(range(k + 1)) for k in pos], v.um[pos])
    layout.keys = [(years[k],) for k in pos]
    layout.at["pos"] = pos
    return layout


def milestone_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    years = _years(p)
    adj = np.array([inputs.adjustments.get(t, 0.0) for t in years])
    known = inputs.balance_opening + np.cumsum(p.net_revenue + adj)
    lb = np.array([inputs.milestones[years[k]] - known[k] for k in layout.at["pos"]])
    return Numbers(_ones(layout), lb, INF)


# --- potential[b,a]: sum_s x[b,a,s] <= pot[b,a] ----------------------------------------------


def potential_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    keys = [(p.boards[b], p.actions[a]) for b, a, _ in p.pairs]
    return Layout(keys, p.col_pair, v.x, {"values": np.ones(len(v.x))})


def potential_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    return Numbers(_ones(layout), -INF, np.array([pot for _, _, pot in p.pairs], dtype=float))


# --- pace[b,s]: sum_a x[b,a,s] <= pace[b] * base[b,s] -----------------------------------------


def pace_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    """Rows with at least one action, in the boards with a pace limit."""
    years = _years(p)
    bpos = {b: i for i, b in enumerate(p.boards)}
    limited = [bpos[b] for b in inputs.pace if b in bpos]
    cells = sorted(
        {(b, s) for b, s in zip(p.col_board.tolist(), p.col_start.tolist(), strict=True)}
        & {(b, s) for b in limited for s in range(len(years))}
    )
    row_of = {cell: r for r, cell in enumerate(cells)}
    pairs = zip(p.col_board.tolist(), p.col_start.tolist(), strict=True)
    rows = [row_of.get(cell, -1) for cell in pairs]
    mask = np.array(rows, dtype=np.int64) >= 0
    local = np.array([r for r in rows if r >= 0], dtype=np.int64)
    at = {
        "board": np.array([b for b, _ in cells], dtype=np.int64),
        "start": np.array([s for _, s in cells], dtype=np.int64),
        "values": np.ones(len(local)),
    }
    return Layout([(p.boards[b], years[s]) for b, s in cells], local, v.x[mask], at)


def pace_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    b, s = layout.at["board"], layout.at["start"]
    pace = np.array([inputs.pace[p.boards[i]] for i in b.tolist()], dtype=float)
    return Numbers(_ones(layout), -INF, pace * p.base[b, s])


# --- freeze[t]: sum_b C[b,t] <= sum_b cost0[b] in the cost-freeze years ------------------------


def freeze_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    years = _years(p)
    pos = [years.index(t) for t in inputs.cost_freeze]
    local, col = _region_rows(v, [[k] for k in pos])
    return Layout([(years[k],) for k in pos], local, col, {"values": np.ones(len(col))})


def freeze_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    return Numbers(_ones(layout), -INF, np.full(len(layout.keys), p.cost0.sum()))


# --- category[c,t]: sum_{b, a in c} E_a[b,t] + uc[c,t] >= ctarget[c,t] ------------------------


def category_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    years = _years(p)
    keys = sorted(inputs.category_targets)
    col_category = np.array([p.categories[a] for a in p.col_action], dtype=object)
    local, col, jj, kk = [], [], [], []
    for r, (c, t) in enumerate(keys):
        k = years.index(t)
        js = np.nonzero((col_category == c) & (p.col_start <= k))[0]
        local += [np.full(len(js) + 1, r)]
        col += [v.x[js], [v.uc[(c, t)]]]
        jj += [js, [-1]]  # -1: the slack's entry, 1
        kk += [np.full(len(js) + 1, k)]
    return Layout(keys, ints(local), ints(col), {"jj": ints(jj), "kk": ints(kk)})


def category_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    """The committed actions' effects count towards the target (fixed, on the right:
    ``ctarget`` less them, MODEL.md 10.3)."""
    jj, kk = layout.at["jj"], layout.at["kk"]
    values = np.ones(len(jj))  # the slack's entry is 1
    effect = jj >= 0
    values[effect] = p.effect[jj[effect], kk[effect]]
    lb = np.array([inputs.category_targets[(c, t)] - committed_in(p, c, t) for c, t in layout.keys])
    return Numbers(values, lb, INF)


def committed_in(p: Params, category: str, year: int) -> float:
    """``sum_{k: cat(a_k) = c} effect[k,t]``: the committed actions' effect in ``category``."""
    com = p.committed
    if com is None or not len(com.amount):
        return 0.0
    k = _years(p).index(year)
    rows = [i for i, a in enumerate(com.action.tolist()) if p.categories[a] == category]
    return float(com.effect[rows, k].sum())


# --- invest[t]: sum_{b,a} capex[a] * x[b,a,t] <= iroom[t] -------------------------------------


def invest_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    years = _years(p)
    pos = [years.index(t) for t in sorted(inputs.investment_room)]
    row_of = {k: r for r, k in enumerate(pos)}
    mask = np.isin(p.col_start, pos)
    local = np.array([row_of[s] for s in p.col_start[mask].tolist()], dtype=np.int64)
    return Layout([(years[k],) for k in pos], local, v.x[mask], {"mask": mask})


def invest_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    ub = np.array([inputs.investment_room[t] for (t,) in layout.keys])
    return Numbers(p.capex[layout.at["mask"]], -INF, ub)


# --- floor[b,t]: C[b,t] >= floor[b,t] (a protected cost floor) --------------------------------


def floor_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout:
    years = _years(p)
    keys = sorted(inputs.priorities.floors)
    col = np.array([v.cost[p.boards.index(b), years.index(t)] for b, t in keys], dtype=np.int64)
    return Layout(keys, np.arange(len(keys)), col, {"values": np.ones(len(keys))})


def floor_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    lb = np.array([inputs.priorities.floors[key] for key in layout.keys])
    return Numbers(_ones(layout), lb, INF)


# --- liquidity (likviditet) and the loan ceiling (lånetak), where given ----------------------


def cash_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``cash[t]``: ``cash[t] - cash[t-1] + sum_b C[b,t] - sum_j (dep[j,t] - capex_j [s_j = t])
    x_j - dl[t] = K[t] + dep0[t] - inv0[t]`` (``cash[base]`` = opening cash, to the right)."""
    if inputs.liquidity is None:
        return None
    nB, nT = v.cost.shape
    jj, tt = started(p)
    local = [np.arange(nT), np.arange(1, nT), np.repeat(np.arange(nT), nB), tt, np.arange(nT)]
    col = [v.cash, v.cash[:-1], v.cost.T.ravel(), v.x[jj], v.dl]
    head = np.concatenate([np.ones(nT), -np.ones(nT - 1), np.ones(nB * nT)])
    at = {"jj": jj, "tt": tt, "first": tt == p.col_start[jj], "head": head, "nT": nT}
    return Layout([(t,) for t in _years(p)], ints(local), ints(col), at)


def cash_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    at, liq = layout.at, inputs.liquidity
    jj, tt = at["jj"], at["tt"]
    flow = p.dep[jj, tt] - p.capex[jj] * at["first"]
    values = np.concatenate([at["head"], -flow, -np.ones(at["nT"])])
    rhs = p.net_revenue + np.array(
        [liq.depreciation.get(t, 0.0) - liq.investments.get(t, 0.0) for (t,) in layout.keys]
    )
    rhs[0] += liq.opening_cash
    return Numbers(values, rhs, rhs)


def loans_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``loans[t]``: ``loans[t] - loans[t-1] - dl[t] = 0`` (``loans[base]`` = opening loans),
    ``0 <= loans[t] <= loan_cap`` as column bounds."""
    if inputs.liquidity is None:
        return None
    nT = len(p.years)
    local = np.concatenate([np.arange(nT), np.arange(1, nT), np.arange(nT)])
    col = np.concatenate([v.loans, v.loans[:-1], v.dl])
    values = np.concatenate([np.ones(nT), -np.ones(nT - 1), -np.ones(nT)])
    return Layout([(t,) for t in _years(p)], local, col, {"values": values, "loans": v.loans})


def loans_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    liq = inputs.liquidity
    rhs = np.zeros(len(layout.keys))
    rhs[0] = liq.opening_loans
    return Numbers(_ones(layout), rhs, rhs, (layout.at["loans"], 0.0, liq.loan_cap))


def min_cash_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``min_cash[t]``: ``cash[t] + uk[t] >= min_cash``."""
    if inputs.liquidity is None:
        return None
    nT = len(p.years)
    local = np.concatenate([np.arange(nT), np.arange(nT)])
    col = np.concatenate([v.cash, v.uk])
    return Layout([(t,) for t in _years(p)], local, col, {"values": np.ones(2 * nT)})


def min_cash_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    return Numbers(_ones(layout), inputs.liquidity.min_cash, INF)


# --- max_share[b]: E[b,last] - base[b,last] * z <= 0 for every unprotected board --------------


def max_share_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    if v.z < 0:
        return None
    boards = [i for i, b in enumerate(p.boards) if b not in inputs.priorities.protected_boards]
    row_of = {b: r for r, b in enumerate(boards)}
    js = np.nonzero(np.isin(p.col_board, boards))[0]
    local = np.concatenate([[row_of[b] for b in p.col_board[js].tolist()], np.arange(len(boards))])
    col = np.concatenate([v.x[js], np.full(len(boards), v.z)])
    at = {"js": js, "boards": np.array(boards, dtype=np.int64)}
    return Layout([(p.boards[b],) for b in boards], local.astype(np.int64), col, at)


def max_share_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    at = layout.at
    values = cat([p.effect[at["js"], -1], -p.base[at["boards"], -1]])
    return Numbers(values, -INF, 0.0)


FAMILIES = (
    RowFamily("cost", cost_layout, cost_numbers),
    RowFamily("frame", frame_layout, frame_numbers),
    RowFamily("result", result_layout, result_numbers),
    RowFamily("milestone", milestone_layout, milestone_numbers),
)
LATER_FAMILIES = (  # after the law's rows (``constraints_law.FAMILIES``), in build order
    RowFamily("potential", potential_layout, potential_numbers),
    RowFamily("pace", pace_layout, pace_numbers),
    RowFamily("freeze", freeze_layout, freeze_numbers),
    RowFamily("category", category_layout, category_numbers),
    RowFamily("invest", invest_layout, invest_numbers),
    RowFamily("floor", floor_layout, floor_numbers),
    RowFamily("cash", cash_layout, cash_numbers),
    RowFamily("loans", loans_layout, loans_numbers),
    RowFamily("min_cash", min_cash_layout, min_cash_numbers),
    RowFamily("max_share", max_share_layout, max_share_numbers),
)
