"""The rows and columns of MODEL.md section 9 (the financial core), as ``RowFamily`` entries.

Registered from ``model/build.py`` after the families of section 5; each gives nothing where
its inputs are absent. Notation as in ``constraints.py``; ``X[t]`` is what section 9 adds to
the result ``R[t]`` (tax revenue and net interest), entered into every row that holds ``R``
(the family ``result_terms``, whose entries sit in other families' rows):

- ``result[t]`` gets ``+X[t]``, ``milestone[y]`` gets ``+sum_{k<=y} X[k]``, ``cash[t]`` gets
  ``-X[t]`` (its left side holds ``-R[t]``'s decisions); the law's rows (``model/constraints_law``)
  hold ``BKR = R - gains + adj``: ``no_deficit[t]`` gets ``+X[t]``, ``exemption[k]`` ``-X[k]``,
  ``deadline[y]`` ``+X[k]`` for its plain years ``k <= y`` (no exemption, or (v3) one already
  due by ``y``: ``constraints_law.deadline_split``);
- interest: a free column ``interest[t]`` (the net interest, signed: negative is a cost) with
  ``interest[t] + i[t]*loans[t-1] - ic[t]*cash[t-1] = -i[t]*L0 + ic[t]*C0`` (the opening loans
  ``L0`` and cash ``C0`` on the right in the first year, else 0): interest is paid on the
  loans, and earned on the cash, held at the start of each year;
- tax lever: ``z[s] >= 0`` öre from year ``s`` (``earliest..last``), ``tax_max``:
  ``sum_s z[s] <= max_ore``; ``X[t] += per_ore[t] * sum_{s<=t} z[s]``; (v3) with ``min_ore <
  0`` a step ``z[s] >= min_ore`` may reverse a rise, the level in force held in ``[0, max_ore]``
  by ``tax_level[t]`` and ``tax_cap[t]``; the harm stays ``weight`` per MSEK-year in force
  (linear in ``z``); its objective coefficients are in ``model/objective.py``;
- ``group[b,g]``: ``sum_{a in g} sum_s x[b,a,s] <= pot[g]`` (overlapping potentials);
- staff and ``attrition[b,t]``: ``model/staff.py``; minimum sizes (a MIP): ``model/min_size.py``.
"""

from __future__ import annotations

import numpy as np

from optimizer.model.constraints_law import deadline_split
from optimizer.model.family import Layout, Numbers, RowFamily, ints
from optimizer.model.lp import INF, LinearProgram
from optimizer.model.min_size import FAMILIES as MIN_SIZE_FAMILIES
from optimizer.model.staff import FAMILIES as STAFF_FAMILIES
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


def define_financial_columns(lp: LinearProgram, p: Params, inputs: Inputs) -> None:
    """The tax lever's columns ``z[s]`` (family ``tax``, key ``(year,)``) and ``interest[t]``
    (free, where liquidity and a rate are given); none where absent."""
    years = _years(p)
    starts = tax_starts(p, inputs)
    lb = inputs.core.tax.min_ore if starts else 0.0  # (v3) below 0 where a rise may be reversed
    lp.add_cols("tax", [(years[s],) for s in starts], lb=lb)
    if inputs.liquidity is not None and inputs.core.has_interest:
        lp.add_cols("interest", [(t,) for t in years], lb=-INF)


def _family_cols(lp: LinearProgram, family: str) -> np.ndarray:
    return np.array(list(lp.cols.get(family, {}).values()), dtype=np.int64)


def interest_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``interest[t] + i[t]*loans[t-1] - ic[t]*cash[t-1] = -i[t]*L0 + ic[t]*C0`` (first year)."""
    net = _family_cols(lp, "interest")
    if len(net) == 0:
        return None
    nT = len(p.years)
    local = np.concatenate([np.arange(nT), np.arange(1, nT), np.arange(1, nT)])
    col = np.concatenate([net, v.loans[:-1], v.cash[:-1]])
    return Layout([(t,) for t in _years(p)], local, col)


def interest_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    years = _years(p)
    liq, core = inputs.liquidity, inputs.core
    i = np.array([core.interest.get(t, 0.0) for t in years])
    ic = np.array([core.cash_interest.get(t, 0.0) for t in years])
    values = np.concatenate([np.ones(len(years)), i[1:], -ic[1:]])
    rhs = np.zeros(len(years))
    rhs[0] = -i[0] * liq.opening_loans + ic[0] * liq.opening_cash
    return Numbers(values, rhs, rhs)


def tax_max_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``tax_max``: ``sum_s z[s] <= max_ore`` (key ``(region,)``), where every step is a rise
    (``min_ore`` 0; otherwise ``tax_level`` and ``tax_cap``)."""
    z = _family_cols(lp, "tax")
    if len(z) == 0 or inputs.core.tax.reversible:
        return None
    return Layout([(TAX_BOARD,)], np.zeros(len(z), dtype=np.int64), z)


def tax_max_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    return Numbers(np.ones(len(layout.col)), -INF, inputs.core.tax.max_ore)


def _levels_layout(lp: LinearProgram, p: Params, inputs: Inputs) -> Layout | None:
    """(v3) Rows ``sum_{s<=t} z[s]``, one per year from the first start, where a step may be
    negative (``min_ore < 0``): the level in force each year."""
    z = _family_cols(lp, "tax")
    if len(z) == 0 or not inputs.core.tax.reversible:
        return None
    years = _years(p)
    starts = tax_starts(p, inputs)
    rows = [k for k in range(len(years)) if k >= starts[0]]
    local = np.concatenate([np.full(sum(1 for s in starts if s <= k), r)
                            for r, k in enumerate(rows)])  # fmt: skip
    col = np.concatenate([z[[i for i, s in enumerate(starts) if s <= k]] for k in rows])
    return Layout([(years[k],) for k in rows], local.astype(np.int64), col)


def tax_level_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``tax_level[t]``: ``sum_{s<=t} z[s] >= 0``: never below today's rate."""
    return _levels_layout(lp, p, inputs)


def tax_level_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    return Numbers(np.ones(len(layout.col)), 0.0, INF)


def tax_cap_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``tax_cap[t]``: ``sum_{s<=t} z[s] <= max_ore``: never above ``max_ore``."""
    return _levels_layout(lp, p, inputs)


def tax_cap_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    return Numbers(np.ones(len(layout.col)), -INF, inputs.core.tax.max_ore)


def group_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``group[b,g]``: ``sum_{a in g} sum_s x[b,a,s] <= pot[g]`` (key ``(board, group)``).

    A group whose actions have no columns in its board (all protected, or no potential) gives
    no row: nothing of it can be decided.
    """
    keys, local, col, index = [], [], [], []
    for i, g in enumerate(inputs.core.groups):
        b = p.boards.index(g.board)
        members = [p.actions.index(a) for a in g.actions]
        js = np.nonzero((p.col_board == b) & np.isin(p.col_action, members))[0]
        if len(js) == 0:
            continue
        local.append(np.full(len(js), len(keys)))
        col.append(v.x[js])
        keys.append((g.board, g.name))
        index.append(i)
    if not keys:
        return None
    return Layout(keys, ints(local), ints(col), {"groups": index})


def group_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    """``ub = pot[g]`` less the amounts of the members' committed actions (v3), which use the
    group's ``pot`` as they use their pair's."""
    groups = inputs.core.groups
    used = p.committed.used_potential() if p.committed is not None else {}
    pot = np.array(
        [
            groups[i].pot - sum(used.get((groups[i].board, a), 0.0) for a in groups[i].actions)
            for i in layout.at["groups"]
        ],
        dtype=float,
    )
    return Numbers(np.ones(len(layout.col)), -INF, pot)


# (family, sign of X in the row, which years of X a row of year y holds)
_HOLDERS = (
    ("result", 1.0, "same"),
    ("milestone", 1.0, "upto"),
    ("cash", -1.0, "same"),
    ("no_deficit", 1.0, "same"),  # BKR[t] + exempt + ud >= 0
    ("exemption", -1.0, "same"),  # zx + sum_b C <= L + exempt, i.e. zx - X <= ...
    ("deadline", 1.0, "upto_plain"),
)


def result_terms_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """``X[t]`` (tax revenue and net interest) in every row that holds ``R[t]`` (module doc).

    A ``deadline`` row holds ``BKR[k]`` of its *plain* years only (``deadline_split``): in a
    *held* year (exempted, not yet due) it holds ``zx[k]``, and ``X[k]`` enters through the
    ``exemption`` row instead. Each entry remembers its source: ``(tax start r, year k)`` or
    ``(-1, k)`` for the interest column.
    """
    years = _years(p)
    nT = len(years)
    z, net = _family_cols(lp, "tax"), _family_cols(lp, "interest")
    starts = tax_starts(p, inputs)
    terms = [(k, int(z[r]), r) for r, s in enumerate(starts) for k in range(s, nT)]
    terms += [(k, int(net[k]), -1) for k in range(len(net))]
    if not terms:
        return None
    ex_pos = [k for k in range(len(v.zx)) if v.zx[k] >= 0]
    plain = {y: set(deadline_split(inputs, years, ex_pos, y)[0]) for y in range(nT)}
    holds = {
        "same": lambda k, y: k == y,
        "upto": lambda k, y: k <= y,
        "upto_plain": lambda k, y: k in plain[y],  # as the deadline row holds BKR[k]
    }
    rows, cols, sign, source, year = [], [], [], [], []
    for family, s, rule in _HOLDERS:
        for (t, *_), row in lp.rows.get(family, {}).items():
            y = years.index(t)
            for k, col, r in terms:
                if holds[rule](k, y):
                    rows.append(row)
                    cols.append(col)
                    sign.append(s)
                    source.append(r)
                    year.append(k)
    if not rows:
        return None
    at = {"sign": np.array(sign), "start": np.array(source, np.int64), "year": np.array(year)}
    return Layout([], np.array(rows, np.int64), np.array(cols, np.int64), at, absolute=True)


def result_terms_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    at = layout.at
    matrix = tax_revenue_matrix(p, inputs)
    coef = np.ones(len(at["start"]))
    tax = at["start"] >= 0
    coef[tax] = matrix[at["start"][tax], at["year"][tax]]
    return Numbers(at["sign"] * coef)


FAMILIES = (
    RowFamily("interest", interest_layout, interest_numbers),
    RowFamily("tax_max", tax_max_layout, tax_max_numbers),
    RowFamily("tax_level", tax_level_layout, tax_level_numbers),
    RowFamily("tax_cap", tax_cap_layout, tax_cap_numbers),
    RowFamily("group", group_layout, group_numbers),
    *STAFF_FAMILIES,
    *MIN_SIZE_FAMILIES,
    RowFamily("result_terms", result_terms_layout, result_terms_numbers),  # last: every R row
)


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
