"""Minimum sizes (MODEL.md section 9): an action taken in a board is at least ``min_size[a]``.

For every pair ``(b, a)`` with columns and ``min_size[a] > 0`` a binary column ``y[b,a]``
(family ``take``) and two rows:

- ``min_size[b,a]``: ``sum_s x[b,a,s] - min_size[a] * y[b,a] >= 0`` (taken: at least the size);
- ``min_size_on[b,a]``: ``sum_s x[b,a,s] - pot[b,a] * y[b,a] <= 0`` (not taken: nothing).

A pair whose potential is below the minimum can never be taken: ``y`` is fixed at 0. With any
such column the model is a MIP (``LinearProgram.integer``); without, it stays the LP.

``taken``: where the LP relaxation's plan already respects every minimum size (each pair 0 or
at least its size), that plan is the MIP's optimum (docs/model.md) and no branching is needed.
"""

from __future__ import annotations

import numpy as np

from optimizer.model.family import Layout, Numbers, RowFamily
from optimizer.model.lp import INF, LinearProgram
from optimizer.model.variables import Columns
from optimizer.params import Params
from optimizer.scenario.inputs import Inputs


def _sized_pairs(p: Params, inputs: Inputs) -> list[int]:
    """The pairs (indices into ``p.pairs``) whose action has a minimum size."""
    sizes = inputs.core.min_size
    return [q for q, (_, a, _) in enumerate(p.pairs) if sizes.get(p.actions[a], 0.0) > 0]


def _pair_rows(p: Params, v: Columns, pairs: list[int], y: np.ndarray) -> Layout:
    """One row per pair: its ``x`` columns, then its ``take`` column."""
    keys = [(p.boards[p.pairs[q][0]], p.actions[p.pairs[q][1]]) for q in pairs]
    row_of = {q: r for r, q in enumerate(pairs)}
    js = np.nonzero(np.isin(p.col_pair, pairs))[0]
    local = np.array([row_of[int(q)] for q in p.col_pair[js].tolist()], dtype=np.int64)
    at = {"pairs": pairs, "y": y, "ones": np.ones(len(js))}
    rows = np.concatenate([local, np.arange(len(pairs))])
    return Layout(keys, rows, np.concatenate([v.x[js], y]), at)


def min_size_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """The ``take`` columns (binary, a MIP) and the ``min_size`` rows' structure."""
    pairs = _sized_pairs(p, inputs)
    if not pairs:
        return None
    keys = [(p.boards[p.pairs[q][0]], p.actions[p.pairs[q][1]]) for q in pairs]
    y = lp.add_cols("take", keys, lb=0.0, ub=1.0)
    lp.integer.extend(int(c) for c in y)
    return _pair_rows(p, v, pairs, y)


def min_size_on_layout(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> Layout | None:
    """The ``min_size_on`` rows (the ``take`` columns exist: ``min_size_layout``)."""
    pairs = _sized_pairs(p, inputs)
    if not pairs:
        return None
    y = np.array(list(lp.cols["take"].values()), dtype=np.int64)
    return _pair_rows(p, v, pairs, y)


def _pair_pot_size(p: Params, inputs: Inputs, layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    pairs = layout.at["pairs"]
    pot = np.array([p.pairs[q][2] for q in pairs], dtype=float)
    size = np.array([inputs.core.min_size[p.actions[p.pairs[q][1]]] for q in pairs], dtype=float)
    return pot, size


def min_size_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    """``sum_s x - min_size * y >= 0``; ``y`` fixed at 0 where ``pot < min_size`` (never taken)."""
    pot, size = _pair_pot_size(p, inputs, layout)
    y_ub = np.where(pot < size, 0.0, 1.0)
    values = np.concatenate([layout.at["ones"], -size])
    return Numbers(values, 0.0, INF, (layout.at["y"], 0.0, y_ub))


def min_size_on_numbers(p: Params, inputs: Inputs, layout: Layout) -> Numbers:
    """``sum_s x - pot * y <= 0`` (not taken: nothing)."""
    pot, _ = _pair_pot_size(p, inputs, layout)
    return Numbers(np.concatenate([layout.at["ones"], -pot]), -INF, 0.0)


def pair_totals(p: Params, x: np.ndarray) -> np.ndarray:
    """``sum_s x[b,a,s]`` of every pair (``x``: the decision columns' values)."""
    return np.bincount(p.col_pair, weights=x, minlength=len(p.pairs))


def taken(p: Params, inputs: Inputs, x: np.ndarray, tol: float = 1e-6) -> np.ndarray | None:
    """The ``take`` columns' values (in their order) that ``x`` implies, or None where ``x``
    breaches a minimum size: some pair's total is neither 0 nor at least its size (within
    ``tol`` relative to the size). Then ``x`` (a relaxation's plan) is no plan of the MIP."""
    pairs = _sized_pairs(p, inputs)
    total = pair_totals(p, x)[pairs]
    size = np.array([inputs.core.min_size[p.actions[p.pairs[q][1]]] for q in pairs], dtype=float)
    slack = tol * np.maximum(size, 1.0)
    on = total > slack
    if (on & (total < size - slack)).any():
        return None
    return on.astype(float)


FAMILIES = (
    RowFamily("min_size", min_size_layout, min_size_numbers),
    RowFamily("min_size_on", min_size_on_layout, min_size_on_numbers),
)
