"""Minimum sizes (MODEL.md section 9): an action taken in a board is at least ``min_size[a]``.

For every pair ``(b, a)`` with columns and ``min_size[a] > 0`` a binary column ``y[b,a]``
(family ``take``) and two rows:

- ``min_size[b,a]``: ``sum_s x[b,a,s] - min_size[a] * y[b,a] >= 0`` (taken: at least the size);
- ``min_size_on[b,a]``: ``sum_s x[b,a,s] - pot[b,a] * y[b,a] <= 0`` (not taken: nothing).

A pair whose potential is below the minimum can never be taken: ``y`` is fixed at 0. With any
such column the model is a MIP (``LinearProgram.integer``); without, it stays the LP.
"""

from __future__ import annotations

import numpy as np

from optimizer.model.lp import INF, LinearProgram
from optimizer.model.variables import Columns
from optimizer.params import Params
from optimizer.scenario.inputs import Inputs


def define_min_size(lp: LinearProgram, p: Params, inputs: Inputs, v: Columns) -> None:
    """The ``take`` columns and the ``min_size``/``min_size_on`` rows (see the module doc)."""
    sizes = inputs.core.min_size
    pairs = [
        (q, b, a, pot, sizes[p.actions[a]])
        for q, (b, a, pot) in enumerate(p.pairs)
        if sizes.get(p.actions[a], 0.0) > 0
    ]
    if not pairs:
        return
    keys = [(p.boards[b], p.actions[a]) for _, b, a, _, _ in pairs]
    y = lp.add_cols("take", keys, lb=0.0, ub=1.0)
    never = [i for i, (*_, pot, size) in enumerate(pairs) if pot < size]
    for i in never:  # the potential cannot reach the minimum: never taken
        lp.col_ub[-1][i] = 0.0
    lp.integer.extend(int(c) for c in y)
    row_of = {q: r for r, (q, *_) in enumerate(pairs)}
    js = np.nonzero(np.isin(p.col_pair, list(row_of)))[0]
    local = np.array([row_of[int(q)] for q in p.col_pair[js]], dtype=np.int64)
    n = len(pairs)
    rows = np.concatenate([local, np.arange(n)])
    cols = np.concatenate([v.x[js], y])
    ones = np.ones(len(js))
    size = np.array([s for *_, s in pairs])
    pot = np.array([pot for *_, pot, _ in pairs])
    lp.add_rows("min_size", keys, 0.0, INF, rows, cols, np.concatenate([ones, -size]))
    lp.add_rows("min_size_on", keys, -INF, 0.0, rows, cols, np.concatenate([ones, -pot]))
