"""Is a stage's optimum already the tie-break's answer? A lexicographic test at one basis.

The last two stages of ``solve.run_stages`` are: minimise the objective ``c``, then, with
``c'x`` held at its least value, minimise the tie-break ``t`` (MODEL.md section 6). The fast
path solves the first of them with the perturbed cost ``c + eps * t`` (``perturbed``): among
the vertices that minimise ``c``, that prefers the tie-break's. Then it asks, at the basis
HiGHS ended with, whether that vertex is the lexicographic optimum of ``(c, t)``, and skips the
tie-break's solve when it is (``verdict``).

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

Fixed variables (``lb = ub``) cannot move; a free nonbasic variable moves both ways, so it needs
``|r_c| <= tol`` and ``|r_t| <= tol``. ``tol`` is HiGHS's dual feasibility tolerance, the same
test HiGHS applies to end a solve: a settled vertex is what the tie-break's own primal simplex,
started from it, would stop at without a pivot.
"""

from __future__ import annotations

import numpy as np

TOL = 1e-7  # HiGHS's dual_feasibility_tolerance
PERTURB = 1e-5  # eps = PERTURB * max|c| / max|t|


def perturbed(cost: np.ndarray, then: np.ndarray) -> np.ndarray:
    """``c + eps * t`` with ``eps = PERTURB * max|c| / max|t|`` (``c`` when ``t`` is 0)."""
    top = float(np.max(np.abs(then))) if len(then) else 0.0
    if top == 0.0:
        return cost
    return cost + (PERTURB * float(np.max(np.abs(cost))) / top) * then


def verdict(
    highs,
    matrix: tuple[np.ndarray, np.ndarray, np.ndarray],
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    values: tuple[np.ndarray, np.ndarray],
    cost: np.ndarray,
    then: np.ndarray,
) -> str:
    """``settled``, ``ties`` or ``suboptimal`` (see the module doc) at HiGHS's current basis.

    ``matrix``: the (row, column, value) entries of every row HiGHS holds, duplicates summed;
    ``bounds``: column and row bounds (lower, upper) as HiGHS holds them; ``values``: the
    columns' values and the rows' activities at the vertex.
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
    movable = lower < upper
    movable[np.where(basic >= 0, basic, n - 1 - basic)] = False
    # a nonbasic variable sits at a bound: the nearer one (the only finite one, if one is)
    up = np.isfinite(lower) & np.isfinite(upper)
    at_upper = np.where(up, np.abs(value - upper) < np.abs(value - lower), np.isfinite(upper))
    free = ~np.isfinite(lower) & ~np.isfinite(upper)
    sign = np.where(at_upper, -1.0, 1.0)
    r_c, r_t = sign * reduced(cost), sign * reduced(then)
    tie = np.abs(r_c) <= TOL
    bad_c = np.where(free, ~tie, r_c < -TOL) & movable
    if bad_c.any():
        return "suboptimal"
    bad_t = np.where(free, np.abs(r_t) > TOL, r_t < -TOL) & tie & movable
    return "ties" if bad_t.any() else "settled"
