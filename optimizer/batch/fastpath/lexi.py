"""Is a stage's optimum already the later stages' answer? A lexicographic test at one basis.

The stages of ``solve.run_stages`` minimise, in turn, the shortfall ``s``, the objective ``c``
(with ``s`` held) and the tie-break ``t`` (with ``c`` held; docs/model.md). The fast path
solves a stage with its cost perturbed by the costs of the stages after it (``perturbed``:
``c + eps * t``, or ``s + e1 * (c + e2 * t)`` for stage 1): among the vertices that minimise
the stage's own cost, that prefers the later stages' ones. Then it asks, at the basis HiGHS
ended with, how many of the later stages the vertex already settles (``levels``), and skips
their solves: a scenario that falls short can take one solve instead of three (stage 1,
stage 2, the tie-break).

The test. For the basis, ``y_c = B^-T c_B`` (``getBasisTransposeSolve``; a basic row has dual
0), and the reduced costs are ``r_c = c - A'y_c`` for columns and ``y_c`` for rows (HiGHS's
signs: at a lower bound a variable is optimal iff ``r >= 0``, at an upper bound iff
``r <= 0``); ``r_t`` the same for ``t``. A feasible step from the vertex moves nonbasic
variables off their bounds, by ``d_k >= 0`` in the direction ``s_k`` (+1 up from a lower bound,
-1 down from an upper one), and changes ``c'x`` by ``sum_k s_k r_c[k] d_k`` and ``t'x`` by
``sum_k s_k r_t[k] d_k``. So the vertex minimises ``c`` iff ``s_k r_c[k] >= 0`` for every
nonbasic ``k`` that can move, and it also minimises ``t`` on the set of ``c``-optimal points
(the steps using only ``k`` with ``s_k r_c[k] = 0``) iff ``s_k r_t[k] >= 0`` for those ``k``:

- ``suboptimal``: some ``s_k r_c[k] < -tol``: not even ``c``-optimal (``eps`` was too big for
  this LP); the stage is solved again with ``c`` alone;
- ``ties``: ``c``-optimal, but some ``k`` with ``|r_c[k]| <= tol`` has ``s_k r_t[k] < -tol``
  (``eps`` too small to part those ties): the tie-break runs as usual, from this vertex;
- ``settled``: neither: the vertex is the tie-break's answer and its solve is skipped.

With more levels the test goes on the same way (``levels``): at each level, the variables
still tied in every earlier one must not improve this one; the first level where some do is
where the solves resume.

Fixed variables (``lb = ub``) cannot move; a free nonbasic variable moves both ways, so it needs
``|r_c| <= tol`` and ``|r_t| <= tol``. ``tol`` is HiGHS's dual feasibility tolerance, the same
test HiGHS applies to end a solve: a settled vertex is what the tie-break's own primal simplex,
started from it, would stop at without a pivot.
"""

from __future__ import annotations

import numpy as np

TOL = 1e-7  # HiGHS's dual_feasibility_tolerance
PERTURB = 1e-5  # the last gap (objective -> tie-break): eps = PERTURB * max|c| / max|t|
PERTURB_EARLIER = 1e-3  # every gap before it (shortfall -> objective)


def perturbed(costs: list[np.ndarray]) -> np.ndarray:
    """``c0 + e1 * (c1 + e2 * (c2 + ...))``, ``e_k = p_k * max|c_k-1| / max|c_k + ...|``.

    ``p_k`` is ``PERTURB`` for the last gap and ``PERTURB_EARLIER`` for the others: the
    tie-break's costs part ties as fine as 1e-5 (so a bigger ``eps`` overshoots on the detailed
    model), stage 1's shortfall weights and stage 2's costs differ by more.
    """
    out = costs[-1]
    for k in range(len(costs) - 2, -1, -1):
        cost = costs[k]
        top, scale = _top(out), _top(cost)
        factor = PERTURB if k == len(costs) - 2 else PERTURB_EARLIER
        out = cost if top == 0.0 else cost + (factor * (scale or 1.0) / top) * out
    return out


def levels(
    highs,
    matrix: tuple[np.ndarray, np.ndarray, np.ndarray],
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    values: tuple[np.ndarray, np.ndarray],
    costs: list[np.ndarray],
) -> int:
    """How many of ``costs[1:]`` the vertex at HiGHS's current basis already minimises in turn.

    ``-1``: not even optimal for ``costs[0]``; ``k >= 0``: optimal for ``costs[0]`` and
    lexicographically for ``costs[1..k]``, not for ``costs[k+1]`` (see the module doc: at each
    level, the nonbasic variables whose moves left every earlier level unchanged, ties so far,
    must not improve this one). ``matrix``: the (row, column, value) entries of every row HiGHS
    holds, duplicates summed; ``bounds``: column and row bounds (lower, upper) as HiGHS holds
    them; ``values``: the columns' values and the rows' activities at the vertex.
    """
    rows, cols, vals = matrix
    col_lb, col_ub, row_lb, row_ub = bounds
    n = len(col_lb)
    _, basic = highs.getBasicVariables()  # >= 0: column; < 0: row -1 - k
    basic = np.asarray(basic, dtype=np.int64)

    def reduced(c: np.ndarray) -> np.ndarray:
        c_basic = np.where(basic >= 0, c[np.maximum(basic, 0)], 0.0)
        _, y = highs.getBasisTransposeSolve(c_basic)
        y = np.asarray(y)
        return np.concatenate([c - np.bincount(cols, weights=vals * y[rows], minlength=n), y])

    lower = np.concatenate([col_lb, row_lb])
    upper = np.concatenate([col_ub, row_ub])
    value = np.concatenate(values)
    open_ = lower < upper  # can move: not fixed, not basic
    open_[np.where(basic >= 0, basic, n - 1 - basic)] = False
    # a nonbasic variable sits at a bound: the nearer one (the only finite one, if one is)
    up = np.isfinite(lower) & np.isfinite(upper)
    at_upper = np.where(up, np.abs(value - upper) < np.abs(value - lower), np.isfinite(upper))
    free = ~np.isfinite(lower) & ~np.isfinite(upper)
    sign = np.where(at_upper, -1.0, 1.0)
    for level, cost in enumerate(costs):
        r = sign * reduced(cost)
        tie = np.abs(r) <= TOL
        if (np.where(free, ~tie, r < -TOL) & open_).any():
            return level - 1
        open_ &= tie
        if not open_.any():  # nothing can move without a cost: the vertex settles every level
            return len(costs) - 1
    return len(costs) - 1


def _top(cost: np.ndarray) -> float:
    return float(np.max(np.abs(cost))) if len(cost) else 0.0
