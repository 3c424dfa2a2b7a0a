"""The parametric sweep of a trade-off frontier: the swept requirement and the warm re-solves.

``parse_requirement(text, inputs)`` reads ``--x`` (``balance:<year>``, ``result:<year>`` or
``frame:<BOARD>:<year>``). ``Sweep(inputs, requirement)`` builds the model once (objective
``min_impact``; a milestone or result target the scenario lacks is added at 0) and hands it to
HiGHS once; ``Sweep.solve(v)`` moves the requirement's row bound to ``v - offset`` (``offset``
= the requirement's value minus its row bound, so ``v`` is in the requirement's own units) and
re-solves warm (``solve.rerun_stages``), giving a ``Solved``: status, least impact ``phi(v)``,
shortfall, the row dual ``y = dphi/dv`` and the plan's amounts ``x[b,a,s]``.
``Sweep.reach()``: the tightest ``v`` met with every slack at 0 (max of the row for ``>=``,
min for ``<=``). ``Sweep.label_of(dx)``: the (board, action) delivering most of the
requirement's change ``|sum_s d_j dx_j|``, ``d_j`` what one MSEK of ``x_j`` adds to the row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from optimizer.model import Model, build
from optimizer.model.keys import requirement_value
from optimizer.model.variables import slack_columns
from optimizer.scenario.inputs import InputError, Inputs, Problem
from optimizer.solver.backends import HighsBackend
from optimizer.solver.mip import with_decisions_fixed
from optimizer.solver.stages import SolverFailure, drop_rows_after, rerun_stages

TOL = 1e-6
FORMS = "balance:<year>, result:<year>, deadline:<year> or frame:<BOARD>:<year>"
FAMILY = {
    "balance": "milestone", "milestone": "milestone", "result": "result", "frame": "frame",
    "deadline": "deadline",
}  # fmt: skip


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
        if self.family == "deadline":  # (v2) the deficits due by ``year``, restored
            return inputs.balance_law and self.year in inputs.deadline_years
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
    if kind in ("balance", "milestone") and inputs.balance_law:
        raise bad(f"deadline:<year> (the scenario gives the law's balance keys) in {FORMS}")
    if kind == "deadline" and not Requirement(str(text), kind, year).given(inputs):
        years = ", ".join(map(str, inputs.deadline_years)) or "none: no balance.deficits"
        raise bad(f"a year some opening deficit is due (restore_by: {years})")
    if kind == "frame" and year > inputs.decided_through:
        raise bad(f"a year whose frames are decided (to {inputs.decided_through}) in {FORMS}")
    board = None
    if kind == "frame":
        boards = [str(b) for b in inputs.boards.index]
        board = parts[1]
        if board not in boards:
            raise bad(f"a board of the scenario ({', '.join(boards)}) in {FORMS}")
    return Requirement(str(text), kind, year, board)


@dataclass
class Solved:
    """One solve at requirement value ``value``."""

    value: float
    status: str
    impact: float
    shortfall: float
    slope: float  # y = d impact / d value (HiGHS's row dual at stage 2)
    dual: float  # docs/model.md's sign: fall in impact per MSEK the requirement is loosened
    amounts: np.ndarray  # x[b,a,s] per decision column

    @property
    def clean(self) -> bool:
        """Solved without shortfall and with a dual: usable for the kink search."""
        return self.status == "optimal" and self.shortfall <= TOL and np.isfinite(self.slope)


class Sweep:
    """The model built once, its HiGHS back end, and the swept row."""

    def __init__(self, inputs: Inputs, req: Requirement):
        self.req = req
        self.inputs = req.with_requirement(replace(inputs, objective="min_impact"))
        # a MIP (minimum sizes): the LP with the plan's take-or-leave decisions fixed
        self.model: Model = with_decisions_fixed(build(self.inputs))
        self.backend = HighsBackend(self.model.lp)
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

    def solve(self, value: float) -> Solved:
        out = rerun_stages(self.model, self.backend, {self.row: self.bounds_at(value)})
        v = self.model.columns
        if out.plan is None:
            nan = float("nan")
            return Solved(value, out.status, nan, nan, nan, nan, np.zeros(len(v.x)))
        x = out.plan.x
        amount = np.where(np.abs(x[v.x]) < 1e-9, 0.0, x[v.x])
        slacks = slack_columns(self.model.lp, self.model.inputs.shortfall_weights)
        shortfall = float(np.clip(x[slacks], 0.0, None).sum()) if len(slacks) else 0.0
        y = float(out.duals.row_dual[self.row])
        dual = y if self.req.sense == ">=" else -y
        return Solved(
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
        self.backend.set_col_bounds(slack_columns(self.model.lp, self.model.inputs.shortfall_weights), 0.0, 0.0)
        h.changeRowBounds(self.row, -np.inf, np.inf)
        stage = self.backend.run(-self.coef if self.req.sense == ">=" else self.coef, None)
        h.changeRowBounds(self.row, self.lb, self.ub)
        if stage.status != "optimal":
            return None
        return float(self.coef @ stage.x) + self.offset
