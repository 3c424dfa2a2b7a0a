"""The lexicographic test at a basis (``fastpath_lexi``) on LPs whose answers are known by hand.

Each LP is passed to HiGHS directly; a first solve with a steering cost puts HiGHS at a chosen
vertex, then ``verdict`` is asked about the objective ``c`` and the tie-break ``t`` there.
"""

from __future__ import annotations

import highspy
import numpy as np
import pytest

from optimizer.batch.fastpath.lexi import levels, perturbed
from optimizer.solver.backends import run_from_feasible

INF = highspy.kHighsInf


def at_vertex(steer, col_lb, col_ub, rows, row_lb, row_ub):
    """HiGHS at the optimum of ``steer``; ``rows``: dense coefficient rows. Returns its args."""
    a = np.array(rows, dtype=float)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)  # as every solve of the project (HiGHS's scheduler is global)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = a.shape[1], a.shape[0]
    lp.col_cost_ = np.array(steer, float)
    lp.col_lower_, lp.col_upper_ = np.array(col_lb, float), np.array(col_ub, float)
    lp.row_lower_, lp.row_upper_ = np.array(row_lb, float), np.array(row_ub, float)
    r, c = np.nonzero(a)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = a.shape[1], a.shape[0]
    lp.a_matrix_.start_ = np.searchsorted(r, np.arange(a.shape[0] + 1)).astype(np.int32)
    lp.a_matrix_.index_ = c.astype(np.int32)
    lp.a_matrix_.value_ = a[r, c]
    h.passModel(lp)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    sol = h.getSolution()
    matrix = (r.astype(np.int64), c.astype(np.int64), a[r, c])
    bounds = tuple(np.array(b, float) for b in (col_lb, col_ub, row_lb, row_ub))
    values = (np.array(sol.col_value), np.array(sol.row_value))
    return h, matrix, bounds, values


def verdict(args, cost, then) -> str:
    """The module doc's three verdicts for an objective and its tie-break (``levels``)."""
    found = levels(*args, [np.asarray(cost, float), np.asarray(then, float)])
    return {-1: "suboptimal", 0: "ties", 1: "settled"}[found]


# x1 + x2 >= 1, x >= 0: with c = (1, 1) every point of the segment is optimal
COVER = ([0.0, 0.0], [INF, INF], [[1.0, 1.0]], [1.0], [INF])


def test_a_tied_vertex_the_tiebreak_prefers_is_settled():
    args = at_vertex([2.0, 1.0], *COVER)  # at (0, 1)
    assert np.allclose(args[3][0], [0.0, 1.0])
    # r_c(x1) = 0 (a tie), r_t(x1) = 2 - 1 = 1 >= 0: moving along the face only raises t
    assert verdict(args, np.array([1.0, 1.0]), np.array([2.0, 1.0])) == "settled"


def test_a_tied_vertex_the_tiebreak_would_leave_is_ties():
    args = at_vertex([1.0, 2.0], *COVER)  # at (1, 0)
    # r_c(x2) = 0, r_t(x2) = 1 - 2 < 0: the tie-break moves to (0, 1)
    assert verdict(args, np.array([1.0, 1.0]), np.array([2.0, 1.0])) == "ties"


def test_a_vertex_that_is_not_optimal_is_suboptimal():
    args = at_vertex([1.0, 2.0], *COVER)  # at (1, 0)
    # with c = (1, 0.5): r_c(x2) = 0.5 - 1 < 0, x2 should enter
    assert verdict(args, np.array([1.0, 0.5]), np.array([2.0, 1.0])) == "suboptimal"


def test_a_strict_preference_needs_no_tiebreak_whatever_it_says():
    args = at_vertex([1.0, 3.0], *COVER)  # at (1, 0), the only optimum of c = (1, 2)
    assert verdict(args, np.array([1.0, 2.0]), np.array([5.0, 0.0])) == "settled"


# 0 <= x <= 1, x1 + x2 <= 1.5, min -x1 - x2: the face x1 + x2 = 1.5 between (1, .5) and (.5, 1)
BOX = ([0.0, 0.0], [1.0, 1.0], [[1.0, 1.0]], [-INF], [1.5])


@pytest.mark.parametrize(
    "steer, then, want",
    [
        ([-2.0, -1.0], [0.0, 1.0], "settled"),  # at (1, .5): x1 at its upper bound, t wants x2 low
        ([-1.0, -2.0], [0.0, 1.0], "ties"),  # at (.5, 1): x2 at its upper bound, t would lower it
        ([-1.0, -2.0], [1.0, 0.0], "settled"),  # at (.5, 1) with t wanting x1 low
    ],
)
def test_variables_at_upper_bounds_and_rows_count_with_their_signs(steer, then, want):
    args = at_vertex(steer, *BOX)
    assert abs(args[3][1][0] - 1.5) < 1e-9  # the row is at its upper bound
    assert verdict(args, np.array([-1.0, -1.0]), np.array(then, float)) == want


def test_the_perturbed_cost_parts_the_ties_the_way_the_tiebreak_does():
    c, t = np.array([1.0, 1.0]), np.array([2.0, 1.0])
    args = at_vertex(perturbed([c, t]), *COVER)
    assert np.allclose(args[3][0], [0.0, 1.0])
    assert verdict(args, c, t) == "settled"
    assert np.array_equal(perturbed([c, np.zeros(2)]), c)  # no tie-break: the cost itself
    # eps = 1e-5 * max|c| / max|t| = 1e-5 * 1 / 2 before the tie-break
    assert np.allclose(perturbed([c, t]), c + 0.5e-5 * t, rtol=0, atol=1e-15)


# x1 + x2 + u >= 1, all >= 0: stage 1 minimises the shortfall u, stage 2 c = (1, 1, 0) (a tie
# between x1 and x2), the tie-break t = (2, 1, 0) prefers x2
SHORT = ([0.0, 0.0, 0.0], [INF, INF, INF], [[1.0, 1.0, 1.0]], [1.0], [INF])
LEVELS = [np.array([0.0, 0.0, 1.0]), np.array([1.0, 1.0, 0.0]), np.array([2.0, 1.0, 0.0])]


@pytest.mark.parametrize(
    "steer, vertex, want",
    [
        ([1.0, 0.5, 3.0], [0.0, 1.0, 0.0], 2),  # every stage settled: one solve for three
        ([0.5, 1.0, 3.0], [1.0, 0.0, 0.0], 1),  # shortfall and c settled, t would move to x2
        ([1.0, 1.0, 0.5], [0.0, 0.0, 1.0], -1),  # all shortfall: not even stage 1's optimum
    ],
)
def test_levels_settles_stage_after_stage(steer, vertex, want):
    args = at_vertex(steer, *SHORT)
    assert np.allclose(args[3][0], vertex)
    assert levels(*args, LEVELS) == want


def test_a_vertex_where_nothing_can_move_settles_every_level():
    # at x1 = 1: u costs in stage 1, the row's activity in stage 2, x2 is fixed: after stage 2
    # nothing moves at no cost, so the tie-break's -9 never counts
    args = at_vertex(
        [1.0, 5.0, 3.0], [0.0, 0.0, 0.0], [INF, 0.0, INF], [[1.0, 1.0, 1.0]], [1.0], [INF]
    )
    assert levels(*args, [LEVELS[0], np.array([1.0, 0.0, 0.0]), np.array([-9.0, -9.0, 0.0])]) == 2


def test_a_capped_primal_walk_goes_on_to_the_optimum(monkeypatch):
    """``run_from_feasible`` past its iteration cap (forced to 0 here) still ends optimal."""
    h, *_ = at_vertex([1.0, 2.0], *COVER)  # at (1, 0)
    h.changeColsCost(2, np.array([0, 1], np.int32), np.array([3.0, 1.0]))  # now (0, 1) is best
    monkeypatch.setattr(h, "getNumRow", lambda: -500)  # cap 2 * -500 + 1000 = 0 iterations
    assert run_from_feasible(h) is True
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert np.allclose(h.getSolution().col_value, [0.0, 1.0])
    assert h.getOptionValue("simplex_iteration_limit")[1] > 10**9  # the default again
