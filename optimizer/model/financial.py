"""The rows and columns of MODEL.md section 9 (the financial core), one ``define_*`` each.

Registered from ``model/build.py`` after the families of section 5; each does nothing where
its inputs are absent. Notation as in ``constraints.py``; ``X[t]`` is what section 9 adds to
the result ``R[t]`` (tax revenue and net interest), entered into every row that holds ``R``:

- ``result[t]`` gets ``+X[t]``, ``milestone[y]`` gets ``+sum_{k<=y} X[k]``, ``cash[t]`` gets
  ``-X[t]`` (its left side holds ``-R[t]``'s decisions); the law's rows (``model/constraints_law``)
  hold ``BKR = R - gains + adj``: ``no_deficit[t]`` gets ``+X[t]``, ``exemption[k]`` ``-X[k]``,
  ``deadline[y]`` ``+X[k]`` for the plain ``k <= y`` (``constraints_law.deadline_split``);
- interest: a free column ``interest[t]`` (the net interest, signed: negative is a cost) with
  ``interest[t] + i[t]*loans[t-1] - ic[t]*cash[t-1] = -i[t]*L0 + ic[t]*C0`` (the opening loans
  ``L0`` and cash ``C0`` on the right in the first year, else 0): interest is paid on the
  loans, and earned on the cash, held at the start of each year;
- tax lever: ``z[s] >= 0`` öre from year ``s`` (``earliest..last``), ``tax_max``:
  ``sum_s z[s] <= max_ore``; ``X[t] += per_ore[t] * sum_{s<=t} z[s]``; (v3) with ``min_ore <
  0`` a step ``z[s] >= min_ore`` may reverse a rise, the level in force held in ``[0, max_ore]``
  by ``tax_level[t]`` and ``tax_cap[t]``; the harm stays ``weight`` per MSEK-year in force (linear in ``z``);
- ``group[b,g]``: ``sum_{a in g} sum_s x[b,a,s] <= pot[g]`` (overlapping potentials);
- staff and ``attrition[b,t]``: ``model/staff.py``; minimum sizes (a MIP): ``model/min_size.py``.
"""

from __future__ import annotations

import numpy as np

from optimizer.model.constraints_law import deadline_split
from optimizer.model.lp import INF, LinearProgram
from optimizer.model.min_size import define_min_size
from optimizer.model.staff import define_attrition
from optimizer.model.variables import Columns
from optimizer.params import Params
from optimizer.scenario.financial_core import TAX_BOARD
from optimizer.scenario.inputs import Inputs

INTERNAL_ROWS = ("interest",)  # definitions, not requirements: left out of duals.csv


def _years(p: Params) -> list[int]:
    return [int(t) for t in p.years]


def tax_starts(p: Params, inputs: Inputs) -> list[int]:
    """Positions ``s`` of the years a tax raise may start (none where the lever is off)."""
    core = inputs.core
    if not core.has_tax:
        return []
    return [k for k, t in enumerate(_years(p)) if t >= core.tax.earliest]


def tax_revenue_matrix(p: Params, inputs: Inputs) -> np.ndarray:
    """``M[s,t] = per_ore[t]`` for ``t >= s``, else 0: MSEK in year ``t`` per öre from ``s``.

    Rows follow ``tax_starts``.
    """
    years = _years(p)
    starts = tax_starts(p, inputs)
    if not starts:
        return np.zeros((0, len(years)))
    per = np.array([inputs.core.tax.per_ore[t] for t in years])
    k = np.arange(len(years))
    return np.where(k[None, :] >= np.array(starts)[:, None], per[None, :], 0.0)


def define_tax_columns(lp: LinearProgram, p: Params, inputs: Inputs) -> np.ndarray:
    """The tax lever's columns ``z[s] >= min_ore`` (family ``tax``, key ``(year,)``; ``min_ore``
    0 unless a rise may be reversed); empty where off."""
    years = _years(p)
    starts = tax_starts(p, inputs)
    lb = inputs.core.tax.min_ore if starts else 0.0
    return lp.add_cols("tax", [(years[s],) for s in starts], lb=lb)


def define_interest_columns(lp: LinearProgram, p: Params, inputs: Inputs) -> np.ndarray:
    """``interest[t]`` (free), where liquidity and a rate are given; empty otherwise."""
    if inputs.liquidity is None or not inputs.core.has_interest:
        return np.zeros(0, dtype=np.int64)
    return lp.add_cols("interest", [(t,) for t in _years(p)], lb=-INF)


def define_interest(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns, net: np.ndarray):
    """``interest[t] + i[t]*loans[t-1] - ic[t]*cash[t-1] = -i[t]*L0 + ic[t]*C0`` (first year)."""
    if len(net) == 0:
        return
    years = _years(p)
    nT = len(years)
    liq, core = inputs.liquidity, inputs.core
    i = np.array([core.interest.get(t, 0.0) for t in years])
    ic = np.array([core.cash_interest.get(t, 0.0) for t in years])
    local = np.concatenate([np.arange(nT), np.arange(1, nT), np.arange(1, nT)])
    col = np.concatenate([net, v.loans[:-1], v.cash[:-1]])
    val = np.concatenate([np.ones(nT), i[1:], -ic[1:]])
    rhs = np.zeros(nT)
    rhs[0] = -i[0] * liq.opening_loans + ic[0] * liq.opening_cash
    lp.add_rows("interest", [(t,) for t in years], rhs, rhs, local, col, val)


def define_tax_max(lp: LinearProgram, p: Params, inputs: Inputs, z: np.ndarray) -> None:
    """``tax_max``: ``sum_s z[s] <= max_ore`` (key ``(region,)``); (v3) where a step may be
    negative (``min_ore < 0``), ``tax_level[t]``: ``sum_{s<=t} z[s] >= 0`` and ``tax_cap[t]``:
    ``sum_{s<=t} z[s] <= max_ore`` instead: the level in force each year, never below today's
    rate, never above ``max_ore``."""
    if len(z) == 0:
        return
    n = len(z)
    tax = inputs.core.tax
    if not tax.reversible:
        lp.add_rows("tax_max", [(TAX_BOARD,)], -INF, tax.max_ore, np.zeros(n), z, np.ones(n))
        return
    years = _years(p)
    starts = tax_starts(p, inputs)
    rows = [k for k in range(len(years)) if k >= starts[0]]
    local = np.concatenate([np.full(sum(1 for s in starts if s <= k), r)
                            for r, k in enumerate(rows)])  # fmt: skip
    col = np.concatenate([z[[i for i, s in enumerate(starts) if s <= k]] for k in rows])
    keys = [(years[k],) for k in rows]
    ones = np.ones(len(col))
    lp.add_rows("tax_level", keys, 0.0, INF, local, col, ones)
    lp.add_rows("tax_cap", keys, -INF, tax.max_ore, local, col, ones)


def add_result_terms(
    lp: LinearProgram,
    p: Params,
    inputs: Inputs,
    z: np.ndarray,
    net: np.ndarray,
    exempted: np.ndarray,
) -> None:
    """Enter ``X[t]`` (tax revenue and net interest) into every row that holds ``R[t]``.

    ``exempted[k]``: year ``k`` has an exemption column ``zx[k]`` (the law's rows): where the
    ``deadline[y]`` row holds ``zx[k]`` (the year is *held*, ``constraints_law.deadline_split``),
    not ``BKR[k]``, ``X[k]`` enters through the ``exemption`` row instead.
    """
    years = _years(p)
    nT = len(years)
    terms: list[tuple[int, int, float]] = []  # (year position, column, coefficient in X)
    matrix = tax_revenue_matrix(p, inputs)
    for r, s_col in enumerate(z):
        terms += [(k, int(s_col), float(matrix[r, k])) for k in range(nT) if matrix[r, k] != 0.0]
    terms += [(k, int(net[k]), 1.0) for k in range(len(net))]
    if not terms:
        return
    # (family, sign of X in the row, which years of X it holds given the row's year y)
    same = lambda k, y: k == y  # noqa: E731
    upto = lambda k, y: k <= y  # noqa: E731
    ex_pos = [k for k in range(nT) if exempted[k]]
    plain = {y: set(deadline_split(inputs, years, ex_pos, y)[0]) for y in range(nT)}
    upto_plain = lambda k, y: k in plain[y]  # noqa: E731
    families = (
        ("result", 1.0, same),
        ("milestone", 1.0, upto),
        ("cash", -1.0, same),
        ("no_deficit", 1.0, same),  # BKR[t] + exempt + ud >= 0
        ("exemption", -1.0, same),  # zx + sum_b C <= L + exempt, i.e. zx - X <= ...
        ("deadline", 1.0, upto_plain),
    )
    rows, cols, vals = [], [], []
    for family, sign, holds in families:
        for (t, *_), row in lp.rows.get(family, {}).items():
            y = years.index(t)
            for k, col, coef in terms:
                if holds(k, y):
                    rows.append(row)
                    cols.append(col)
                    vals.append(sign * coef)
    if rows:
        lp.entries.append((np.array(rows, np.int64), np.array(cols, np.int64), np.array(vals)))


def define_group(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """``group[b,g]``: ``sum_{a in g} sum_s x[b,a,s] <= pot[g]`` (key ``(board, group)``).

    A group whose actions have no columns in its board (all protected, or no potential) gives
    no row: nothing of it can be decided. (v3) Committed actions of the group's members use its
    ``pot`` as they use their pair's: the row's bound is ``pot[g]`` less their amounts.
    """
    keys, local, col, pot = [], [], [], []
    used = p.committed.used_potential() if p.committed is not None else {}
    for g in inputs.core.groups:
        b = p.boards.index(g.board)
        members = [p.actions.index(a) for a in g.actions]
        js = np.nonzero((p.col_board == b) & np.isin(p.col_action, members))[0]
        if len(js) == 0:
            continue
        local.append(np.full(len(js), len(keys)))
        col.append(v.x[js])
        keys.append((g.board, g.name))
        pot.append(g.pot - sum(used.get((g.board, a), 0.0) for a in g.actions))
    if not keys:
        return
    n = sum(len(c) for c in col)
    lp.add_rows(
        "group", keys, -INF, np.array(pot), np.concatenate(local), np.concatenate(col), np.ones(n)
    )


def define_financial(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """Every family of section 9 (after the rows of section 5 exist)."""
    z = define_tax_columns(lp, p, inputs)
    net = define_interest_columns(lp, p, inputs)
    define_interest(lp, p, inputs, v, net)
    define_tax_max(lp, p, inputs, z)
    define_group(lp, p, inputs, v)
    define_attrition(lp, p, inputs, v)
    define_min_size(lp, p, inputs, v)
    exempted = v.zx >= 0 if len(v.zx) else np.zeros(len(p.years), dtype=bool)
    add_result_terms(lp, p, inputs, z, net, exempted)
    define_tax_objectives(lp, p, inputs, z)
    if len(net):  # borrow only what is needed: among equal plans, the least loans
        lp.objective("tiebreak", v.loans, 1e-3)


def tax_horizon(p: Params, inputs: Inputs) -> np.ndarray:
    """MSEK-years of one öre from each start: ``sum_t M[s,t] + tail_years * M[s,last]`` (a raise
    still in force at the end keeps counting ``tail_years`` more years, as an action does)."""
    m = tax_revenue_matrix(p, inputs)
    if len(m) == 0:
        return np.zeros(0)
    return m.sum(axis=1) + p.tail_years * m[:, -1]


def tax_harm(p: Params, inputs: Inputs) -> np.ndarray:
    """Harm of one öre from each start: ``weight * tax_horizon[s]`` (impact-years)."""
    if not inputs.core.has_tax:
        return np.zeros(0)
    return inputs.core.tax.weight * tax_horizon(p, inputs)


def define_tax_objectives(lp: LinearProgram, p: Params, inputs: Inputs, z: np.ndarray) -> None:
    """The lever in the objectives: harm ``w_tax * MSEK-years`` (``min_impact``), its
    MSEK-years (``min_savings``), and a tie-break after every action's (later starts first)."""
    if len(z) == 0:
        return
    msek_years = tax_horizon(p, inputs)
    lp.objective("min_impact", z, tax_harm(p, inputs))
    lp.objective("min_savings", z, msek_years)
    nT = len(p.years)
    starts = np.array(tax_starts(p, inputs))
    lp.objective("tiebreak", z, (2.0 + (nT - 1 - starts)) * np.maximum(msek_years, 1e-9))
