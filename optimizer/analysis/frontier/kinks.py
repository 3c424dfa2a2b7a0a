"""Kinks of a trade-off frontier: located between grid points, then labelled.

``sandwich`` locates every kink between two clean neighbouring solves exactly (the method in
``optimizer.frontier``'s docstring). ``assemble`` makes the tables: every solved value splits
the sweep into stretches; each stretch has a chord slope (as a dual: the fall in impact per
MSEK the requirement is loosened) and a marginal action (``Sweep.label_of`` of the change in
amounts across it). A kink is a solved value where the chord slope changes by more than the
solves' accuracy allows (``slope``), or where only the marginal action changes (``action``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from optimizer.analysis.frontier.output import KINK_COLUMNS, POINT_COLUMNS, Frontier
from optimizer.analysis.frontier.sweep import TOL, Requirement, Solved, Sweep

MAX_EXTRA_SOLVES = 400  # sandwich solves beyond the grid (a guard)
IMPACT_TOL = 1e-9  # relative accuracy of a solved impact


def sandwich(sweep: Sweep, solved: dict[float, Solved], grid: np.ndarray) -> bool:
    """Solve at every kink between clean grid points (module docstring); False if cut short."""
    stack = [(float(a), float(b)) for a, b in zip(grid[:-1], grid[1:], strict=True)]
    budget = MAX_EXTRA_SOLVES
    while stack:
        a, b = stack.pop()
        sa, sb = solved[a], solved[b]
        if not (sa.clean and sb.clean) or abs(sa.slope - sb.slope) <= _slope_tol(sa, sb):
            continue
        cross = (sb.impact - sa.impact + sa.slope * a - sb.slope * b) / (sa.slope - sb.slope)
        cross = min(max(cross, min(a, b)), max(a, b))
        if min(abs(cross - a), abs(cross - b)) <= TOL * max(1.0, abs(cross)):
            continue  # the kink is at a solved point
        if budget <= 0:
            return False
        budget -= 1
        mid = solved.setdefault(cross, sweep.solve(cross))
        line = sa.impact + sa.slope * (cross - a)
        if not (mid.clean and abs(mid.impact - line) <= IMPACT_TOL * max(1.0, abs(line))):
            stack += [(a, cross), (cross, b)]
    return True


def _slope_tol(a: Solved, b: Solved) -> float:
    return TOL * max(1.0, abs(a.slope), abs(b.slope))


def assemble(
    req: Requirement,
    grid: np.ndarray,
    solved: dict[float, Solved],
    current: float,
    reach: float | None,
    notes: list[str],
    label_of: Callable[[np.ndarray], str],
) -> Frontier:
    """The tables. Every solved value splits the sweep into stretches; on each, the chord slope
    (as a dual: the fall in impact per MSEK loosened) and the marginal action. A kink is a solved
    value where the chord slope changes (``slope``), or only the marginal action (``action``)."""
    ascending = grid[-1] >= grid[0]
    order = sorted(solved, reverse=not ascending)
    sign = 1.0 if req.sense == ">=" else -1.0
    chords, actions = [], []
    for u, w in zip(order[:-1], order[1:], strict=True):
        a, b = solved[u], solved[w]
        clean = a.clean and b.clean and abs(w - u) > 0
        chords.append(sign * (b.impact - a.impact) / (w - u) if clean else float("nan"))
        actions.append(_marginal(a, b, label_of))
    at = {u: k for k, u in enumerate(order)}

    def after(u: float) -> str:
        k = min(at[u], len(actions) - 1)
        return actions[k] if k >= 0 else ""

    rows = [
        (i, req.text, s.value, s.impact, s.shortfall, s.dual, after(s.value), s.status)
        for i, s in enumerate(solved[float(v)] for v in grid)
    ]
    kinks = []
    for k in range(1, len(order) - 1):
        before, later = chords[k - 1], chords[k]
        if not (np.isfinite(before) and np.isfinite(later)):
            continue
        noise = IMPACT_TOL * max(1.0, abs(solved[order[k]].impact))
        span = min(abs(order[k] - order[k - 1]), abs(order[k + 1] - order[k]))
        if abs(later - before) > TOL * max(1.0, abs(before)) + 4 * noise / span:
            kind = "slope"
        elif actions[k] and actions[k - 1] and actions[k] != actions[k - 1]:
            kind = "action"
        else:
            continue
        u = order[k]
        kinks.append((req.text, u, solved[u].impact, before, later, actions[k], kind))
    curve = pd.DataFrame(
        [(u, solved[u].impact, solved[u].shortfall, solved[u].status) for u in order],
        columns=["value", "impact", "shortfall", "status"],
    )
    return Frontier(
        req,
        pd.DataFrame(rows, columns=POINT_COLUMNS),
        pd.DataFrame(kinks, columns=KINK_COLUMNS),
        curve,
        current,
        reach,
        notes,
    )


def _marginal(a: Solved, b: Solved, label_of: Callable[[np.ndarray], str]) -> str:
    """The (board, action) whose amount changes most from ``a`` to ``b`` ('' if none moves)."""
    if a.status not in ("optimal", "shortfall") or b.status not in ("optimal", "shortfall"):
        return ""
    return label_of(b.amounts - a.amounts)
