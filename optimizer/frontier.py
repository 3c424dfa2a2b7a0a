"""Trade-off frontier: the least impact as one requirement is swept (epsilon-constraint).

For a requirement ``r`` (a milestone ``Bal[y] >= v``, a result target ``R[t] >= v`` or a frame
``C[b,t] <= v``) the frontier is ``phi(v) = min impact`` of the elastic lexicographic solve with
that requirement fixed at ``v`` and every other input unchanged. Where no shortfall is needed,
``phi`` is the value function of a linear program in one right-hand side: piecewise linear and
convex, with slope ``dphi/dv = y``, the requirement row's dual. Its kinks are where the slope
changes: the action that adjusts at the margin (the marginal action) has run into a limit and a
dearer one takes over.

Method: the model is built once and handed to HiGHS once; each point only changes the row's
bound and re-solves warm (``solve.rerun_stages``). Kinks between grid points are located exactly
by the sandwich method: the tangents at two neighbouring points (value ``phi``, slope ``y``)
cross at ``v*``; one more solve at ``v*`` either lies on both tangents (then ``v*`` is the only
kink in between, by convexity) or splits the interval in two to search again.

The marginal action of a stretch between two solved values is the (board, action) that delivers
most of the requirement's change between them: ``|sum_s d_j * (x_j(b) - x_j(a))|`` over its
start years ``j``, with ``d_j`` what one MSEK of ``x_j`` adds to the requirement's row (through
``C[b,t]``). A grid point's is that of the stretch that starts there (towards ``--to``), the last
point's that of the stretch before it; a kink is labelled by the action of the stretch after it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.inputs import InputError, Inputs, Problem
from optimizer.model import Model, build
from optimizer.model.pulp_model import to_pulp
from optimizer.model.variables import slack_columns
from optimizer.results import write_atomically
from optimizer.solution import requirement_value
from optimizer.solve import SolverFailure, drop_rows_after, rerun_stages
from optimizer.solvers import HighsBackend

__all__ = ["Frontier", "Requirement", "frontier", "parse_requirement"]

POINT_COLUMNS = "point requirement value impact shortfall dual marginal_action status".split()
KINK_COLUMNS = "requirement value impact dual_before dual_after action kind".split()
SPAN_SHARE = 0.05  # fallback span: 5 % of the baseline cost the requirement concerns
MAX_EXTRA_SOLVES = 400  # sandwich solves beyond the grid (a guard)
IMPACT_TOL = 1e-9  # relative accuracy of a solved impact
TOL = 1e-6

FORMS = "balance:<year>, result:<year> or frame:<BOARD>:<year>"
FAMILY = {"balance": "milestone", "milestone": "milestone", "result": "result", "frame": "frame"}


@dataclass(frozen=True)
class Requirement:
    """A swept requirement: ``balance:<year>`` (milestone ``Bal[y] >= v``), ``result:<year>``
    (``R[t] >= v``) or ``frame:<BOARD>:<year>`` (``C[b,t] <= v``)."""

    text: str
    kind: str
    year: int
    board: str | None = None

    @property
    def family(self) -> str:
        return FAMILY[self.kind]

    @property
    def key(self) -> tuple:
        return (self.year,) if self.board is None else (self.board, self.year)

    @property
    def sense(self) -> str:
        return "<=" if self.family == "frame" else ">="

    def given(self, inputs: Inputs) -> bool:
        """Whether the scenario states this requirement (a frame always exists)."""
        table = {"milestone": inputs.milestones, "result": inputs.result_targets}
        return self.family == "frame" or self.year in table[self.family]

    def with_requirement(self, inputs: Inputs) -> Inputs:
        """``inputs`` with the requirement added (at 0, moved by the sweep) where it is missing."""
        if self.given(inputs):
            return inputs
        if self.family == "milestone":
            return replace(inputs, milestones={**inputs.milestones, self.year: 0.0})
        return replace(inputs, result_targets={**inputs.result_targets, self.year: 0.0})

    def scale(self, model: Model) -> float:
        """The baseline cost the requirement concerns: the board's, or every board's, that year."""
        p = model.params
        k = [int(t) for t in p.years].index(self.year)
        if self.board is None:
            return float(p.base[:, k].sum())
        return float(p.base[p.boards.index(self.board), k])


def parse_requirement(text: str, inputs: Inputs) -> Requirement:
    """Parse ``--x``; a bad value raises ``InputError`` naming it and the expected forms."""
    parts = [part.strip() for part in str(text).split(":")]
    kind = parts[0].lower()

    def bad(expected: str) -> InputError:
        return InputError(Problem("--x", "", text, expected))

    if kind not in FAMILY or len(parts) != (3 if kind == "frame" else 2):
        raise bad(FORMS)
    try:
        year = int(parts[-1])
    except ValueError:
        raise bad(f"a plan year ({inputs.first}-{inputs.last}) in {FORMS}") from None
    if not inputs.first <= year <= inputs.last:
        raise bad(f"a plan year ({inputs.first}-{inputs.last}) in {FORMS}")
    board = None
    if kind == "frame":
        boards = [str(b) for b in inputs.boards.index]
        board = parts[1]
        if board not in boards:
            raise bad(f"a board of the scenario ({', '.join(boards)}) in {FORMS}")
    return Requirement(str(text), kind, year, board)


@dataclass
class _Solved:
    """One solve at requirement value ``value``."""

    value: float
    status: str
    impact: float
    shortfall: float
    slope: float  # y = d impact / d value (HiGHS's row dual at stage 2)
    dual: float  # MODEL.md's sign: fall in impact per MSEK the requirement is loosened
    amounts: np.ndarray  # x[b,a,s] per decision column

    @property
    def clean(self) -> bool:
        """Solved without shortfall and with a dual: usable for the kink search."""
        return self.status == "optimal" and self.shortfall <= TOL and np.isfinite(self.slope)


@dataclass
class Frontier:
    """The swept requirement, the grid points, the kinks and the range used."""

    requirement: Requirement
    points: pd.DataFrame  # POINT_COLUMNS
    kinks: pd.DataFrame  # KINK_COLUMNS
    curve: pd.DataFrame  # value, impact, shortfall: every solve, in sweep order
    current: float
    reach: float | None  # the tightest value met without any shortfall (None: none found)
    notes: list[str] = field(default_factory=list)

    def write(self, directory: str | os.PathLike, force: bool = False) -> Path:
        """Write ``frontier.csv``, ``kinks.csv``, ``frontier.png`` and ``frontier.svg`` atomically."""
        from optimizer.report.charts import frontier_chart

        def fill(folder: Path) -> None:
            self.points.to_csv(folder / "frontier.csv", index=False, float_format="%.10g")
            self.kinks.to_csv(folder / "kinks.csv", index=False, float_format="%.10g")
            frontier_chart(self, folder / "frontier")

        return write_atomically(directory, force, fill)

    def render(self) -> str:
        """The points as a terminal table, then the kinks with the largest rise in the dual."""
        table = self.points.drop(columns=["requirement"]).set_index("point")
        lines = [
            f"Trade-off frontier: least impact against {self.requirement.text} "
            f"(current {self.current:.2f}; limit met without shortfall "
            + ("none" if self.reach is None else f"{self.reach:.2f}")
            + "; dual = impact per MSEK the requirement is loosened)",
            table.to_string(float_format=lambda v: f"{v:.2f}"),
        ]
        if len(self.kinks):
            rise = self.kinks.assign(rise=self.kinks["dual_after"] - self.kinks["dual_before"])
            top = rise.nlargest(5, "rise").sort_values("value", ascending=self._ascending)
            lines.append(f"{len(self.kinks)} kinks; the largest rises in the dual:")
            lines += [
                f"  at {r.value:.2f}: dual {r.dual_before:.3f} -> {r.dual_after:.3f}, "
                f"marginal: {r.action or '(none)'}"
                for r in top.itertuples()
            ]
        return "\n".join(lines + [f"note: {n}" for n in self.notes])

    @property
    def _ascending(self) -> bool:
        values = self.points["value"]
        return bool(values.iloc[-1] >= values.iloc[0])


class _Sweep:
    """The model built once, its HiGHS back end, and the swept row."""

    def __init__(self, inputs: Inputs, req: Requirement):
        self.req = req
        self.inputs = req.with_requirement(replace(inputs, objective="min_impact"))
        self.model: Model = build(self.inputs)
        self.backend = HighsBackend(to_pulp(self.model.lp))
        lp = self.model.lp
        self.row = lp.rows[req.family][req.key]
        _, _, row_lb, row_ub = lp.bounds()
        self.lb, self.ub = float(row_lb[self.row]), float(row_ub[self.row])
        bound = self.lb if req.sense == ">=" else self.ub
        value = requirement_value(self.model, req.family, req.key)
        self.offset = value - bound  # value = row bound + offset
        p = self.model.params
        self.labels = [f"{p.boards[b]} {p.actions[a]}" for b, a, _ in p.pairs]
        start, index, value = lp.csr()
        self.coef = np.zeros(lp.num_cols)
        self.coef[index[start[self.row] : start[self.row + 1]]] = value[
            start[self.row] : start[self.row + 1]
        ]
        # what one MSEK of x[b,a,s] adds to the row, through C[b,t] = base + sum_j cost[j,t] x_j
        self.delivers = (self.coef[self.model.columns.cost][p.col_board] * p.cost).sum(axis=1)

    def label_of(self, change: np.ndarray) -> str:
        """The pair that delivers most of the requirement's change, ``|sum_s delivers_j dx_j|``
        (a re-timing counts, a shift that does not move the requirement does not), or ''."""
        p = self.model.params
        moved = np.abs(np.bincount(p.col_pair, self.delivers * change, len(self.labels)))
        return self.labels[int(np.argmax(moved))] if len(moved) and moved.max() > TOL else ""

    def bounds_at(self, value: float) -> tuple[float, float]:
        bound = value - self.offset
        return (bound, np.inf) if self.req.sense == ">=" else (-np.inf, bound)

    def solve(self, value: float) -> _Solved:
        out = rerun_stages(self.model, self.backend, {self.row: self.bounds_at(value)})
        v = self.model.columns
        if out.plan is None:
            nan = float("nan")
            return _Solved(value, out.status, nan, nan, nan, nan, np.zeros(len(v.x)))
        x = out.plan.x
        amount = np.where(np.abs(x[v.x]) < 1e-9, 0.0, x[v.x])
        slacks = slack_columns(self.model.lp)
        shortfall = float(np.clip(x[slacks], 0.0, None).sum()) if len(slacks) else 0.0
        y = float(out.duals.row_dual[self.row])
        dual = y if self.req.sense == ">=" else -y
        return _Solved(
            value,
            out.status,
            float(out.objective),  # stage 2's least impact (the plan's is within 1e-9)
            shortfall,
            y,
            0.0 if abs(dual) < 1e-9 else dual,
            amount,
        )

    def reached(self) -> float:
        """The requirement's level in the optimum with the row itself relaxed (for an added row)."""
        out = rerun_stages(self.model, self.backend, {self.row: (-np.inf, np.inf)})
        if out.plan is None:
            raise SolverFailure(f"the scenario without {self.req.text} has no plan ({out.status})")
        return float(self.coef @ out.plan.x) + self.offset

    def reach(self) -> float | None:
        """The tightest value met with every slack at 0: max (``>=``) or min (``<=``) of the row."""
        drop_rows_after(self.backend, self.model.lp.num_rows)
        h = self.backend.highs
        self.backend.set_col_bounds(slack_columns(self.model.lp), 0.0, 0.0)
        h.changeRowBounds(self.row, -np.inf, np.inf)
        stage = self.backend.run(-self.coef if self.req.sense == ">=" else self.coef, None)
        h.changeRowBounds(self.row, self.lb, self.ub)
        if stage.status != "optimal":
            return None
        return float(self.coef @ stage.x) + self.offset


def frontier(
    inputs: Inputs,
    spec: str,
    points: int = 11,
    start: float | None = None,
    stop: float | None = None,
) -> Frontier:
    """Sweep requirement ``spec`` over ``points`` values from ``start`` to ``stop``.

    Default range: from the current value (for an added milestone or result target: the level the
    optimum reaches without it) to ``reach``, the tightest value met with no shortfall anywhere;
    where that is no tighter than the current value (or none exists), a span of 5 % of the
    baseline cost the requirement concerns, in the tightening direction.
    """
    if points < 2:
        raise ValueError(f"points: got {points}, expected at least 2")
    req = parse_requirement(spec, inputs)
    sweep = _Sweep(inputs, req)
    notes: list[str] = []
    if req.given(inputs):
        current = requirement_value(sweep.model, req.family, req.key)
    else:
        current = sweep.reached()
        notes.append(f"{req.text} added; the optimum reaches {current:.2f} without it")
    reach = sweep.reach()
    tighter = 1.0 if req.sense == ">=" else -1.0
    start = current if start is None else float(start)
    if stop is None:
        if reach is not None and tighter * (reach - start) > TOL * max(1.0, abs(start)):
            stop = reach
            notes.append(f"range: {start:.2f} to {reach:.2f}, the limit met without shortfall")
        else:
            span = max(SPAN_SHARE * req.scale(sweep.model), 1.0)
            stop = start + tighter * span
            why = "none" if reach is None else f"{reach:.2f}"
            notes.append(
                f"range: {start:.2f} to {stop:.2f} (5 % of the baseline cost), as the limit "
                f"met without shortfall is {why}"
            )
    grid = np.linspace(start, float(stop), points)
    solved = {float(v): sweep.solve(float(v)) for v in grid}
    if not _sandwich(sweep, solved, grid):
        notes.append(f"kink search stopped after {MAX_EXTRA_SOLVES} extra solves: some approximate")
    return _assemble(req, grid, solved, current, reach, notes, sweep.label_of)


def _sandwich(sweep: _Sweep, solved: dict[float, _Solved], grid: np.ndarray) -> bool:
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


def _slope_tol(a: _Solved, b: _Solved) -> float:
    return TOL * max(1.0, abs(a.slope), abs(b.slope))


def _assemble(
    req: Requirement,
    grid: np.ndarray,
    solved: dict[float, _Solved],
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


def _marginal(a: _Solved, b: _Solved, label_of: Callable[[np.ndarray], str]) -> str:
    """The (board, action) whose amount changes most from ``a`` to ``b`` ('' if none moves)."""
    if a.status not in ("optimal", "shortfall") or b.status not in ("optimal", "shortfall"):
        return ""
    return label_of(b.amounts - a.amounts)
