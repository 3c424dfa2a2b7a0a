"""(v2) The balance requirement as the law reads it (Kommunallagen 11 kap.; docs/model.md).

Notation: ``BKR[t] = R[t] - gains[t] + adj[t] = L[t] - sum_b C[b,t]`` with the known part
``L[t] = K[t] - gains[t] + adj[t]`` (``K = rev + grants + fin - central``); ``exempt[t]`` the
exemption under synnerliga skäl; ``due(y)`` the opening deficits whose ``restore_by <= y``.

- ``exemption[k]`` (each exempted year): ``zx[k] <= BKR[k] + exempt[k]`` with ``zx[k] <= 0``
  (its column bound), i.e. ``zx[k] + sum_b C[b,k] <= L[k] + exempt[k]``. ``zx[k]`` is the
  exempted year's contribution ``min(BKR[k] + exempt[k], 0)``: the rows below only gain from a
  larger ``zx``, so it is at most that minimum and equal to it where a deadline binds.
- ``no_deficit[t]`` (every plan year): ``BKR[t] + exempt[t] + ud[t] >= 0``, i.e.
  ``-sum_b C[b,t] + ud[t] >= -L[t] - exempt[t]``.
- ``deadline[y]`` (each plan year that is some opening deficit's or (v3) exempted year's
  ``restore_by``): ``sum_{k<=y} contribution[k] + ul[y] >= due(y)``, the contribution being
  ``BKR[k]`` in a *plain* year and ``zx[k]`` in a *held* one:
  ``-sum_{k plain} sum_b C[b,k] + sum_{k held} zx[k] + ul[y] >= due(y) - sum_{k plain} L[k]``.
  A year ``k <= y`` is held when it is exempted and its deficit is not due by ``y`` (no
  ``restore_by``, or one after ``y``); else plain. (v3, MODEL.md 10.1) From its ``restore_by``
  on an exempted year counts in full, ``BKR[k] = zx[k] - e[k]``: its exemption-adjusted
  contribution ``zx[k] = min(BKR[k] + exempt[k], 0)`` plus the exempted part
  ``e[k] = min(max(-BKR[k], 0), exempt[k])`` now due, counted once (and exact, unlike ``zx``,
  where the exempted year ends in surplus).

Every entry of these rows is +-1 (``layout``); only the bounds move (``numbers``).
"""

from __future__ import annotations

import numpy as np

from optimizer.model.family import Layout, Numbers, RowFamily, cat, ints
from optimizer.model.lp import INF, LinearProgram
from optimizer.model.variables import Columns
from optimizer.params import Params
from optimizer.scenario.inputs import Inputs


def known_bkr(p: Params, inputs: Inputs) -> np.ndarray:
    """``L[t] = K[t] - gains[t] + adj[t]``: the balanskravsresultat with every board cost 0."""
    years = [int(t) for t in p.years]
    gains = np.array([inputs.gains.get(t, 0.0) for t in years])
    adj = np.array([inputs.adjustments.get(t, 0.0) for t in years])
    return p.net_revenue - gains + adj


def exempt_vector(p: Params, inputs: Inputs) -> np.ndarray:
    """``exempt[t]`` for every plan year (0 where none)."""
    return np.array([inputs.exempt.get(int(t), 0.0) for t in p.years])


def deadline_split(
    inputs: Inputs, years: list[int], exempt_pos: list[int], y: int
) -> tuple[list[int], list[int]]:
    """The plain and the held positions ``k <= y`` of the ``deadline`` row at position ``y``
    (see the module doc): held are the exempted years whose deficit is not due by ``years[y]``."""
    due = inputs.restored_exemptions()
    held = [k for k in exempt_pos if k <= y and due.get(years[k], years[-1] + 1) > years[y]]
    plain = [k for k in range(y + 1) if k not in held]
    return plain, held


def exemption_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    if not inputs.balance_law:
        return None
    nB, nT = v.cost.shape
    years = [int(t) for t in p.years]
    pos = [k for k in range(nT) if v.zx[k] >= 0]
    local = np.concatenate([np.arange(len(pos)), np.repeat(np.arange(len(pos)), nB)])
    col = np.concatenate([v.zx[pos], v.cost[:, pos].T.ravel()])
    at = {"pos": pos, "values": np.ones(len(col))}
    return Layout([(years[k],) for k in pos], local.astype(np.int64), col, at)


def exemption_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    pos = layout.at["pos"]
    ub = known_bkr(p, inputs)[pos] + exempt_vector(p, inputs)[pos]
    return Numbers(layout.at["values"], -INF, ub)


def no_deficit_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    if not inputs.balance_law:
        return None
    nB, nT = v.cost.shape
    local = np.concatenate([np.repeat(np.arange(nT), nB), np.arange(nT)])
    col = np.concatenate([v.cost.T.ravel(), v.ud])
    values = np.concatenate([-np.ones(nB * nT), np.ones(nT)])
    return Layout([(int(t),) for t in p.years], local, col, {"values": values})


def no_deficit_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    return Numbers(layout.at["values"], -known_bkr(p, inputs) - exempt_vector(p, inputs), INF)


def deadline_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    if not inputs.balance_law:
        return None
    nB, nT = v.cost.shape
    years = [int(t) for t in p.years]
    rows = [k for k in range(nT) if v.ul[k] >= 0]
    ex_pos = [k for k in range(nT) if v.zx[k] >= 0]
    local, col, val, plains = [], [], [], []
    for r, y in enumerate(rows):
        plain, held = deadline_split(inputs, years, ex_pos, y)
        cols = np.concatenate([v.cost[:, plain].T.ravel(), v.zx[held], [v.ul[y]]])
        local.append(np.full(len(cols), r))
        col.append(cols)
        val.append(np.concatenate([-np.ones(nB * len(plain)), np.ones(len(held) + 1)]))
        plains.append(plain)
    at = {"values": cat(val), "plain": plains}
    return Layout([(years[k],) for k in rows], ints(local), ints(col), at)


def deadline_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    known = known_bkr(p, inputs)
    lb = [
        inputs.due_by(t) - known[plain].sum()
        for (t,), plain in zip(layout.keys, layout.at["plain"], strict=True)
    ]
    return Numbers(layout.at["values"], np.array(lb, dtype=float), INF)


FAMILIES = (
    RowFamily("exemption", exemption_layout, exemption_numbers),
    RowFamily("no_deficit", no_deficit_layout, no_deficit_numbers),
    RowFamily("deadline", deadline_layout, deadline_numbers),
)
