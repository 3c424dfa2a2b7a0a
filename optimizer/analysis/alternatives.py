"""Near-optimal alternatives: modelling to generate alternatives (MGA) on the savings LP.

The optimum is one of many acceptable plans. With ``I*`` the least impact and ``S*`` the least
shortfall, the near-optimal set is every plan with

- ``impact <= (1 + within) * I*`` (held as a row),
- the weighted shortfall ``<= S*`` and no shortfall on any requirement the optimum meets (those
  slacks are fixed at 0), every hard row as in the model.

Plans are compared on their board x category savings ``s[c] = sum_{(b,a,s) in c} savings_j x_j``
(``savings_j = sum_t effect[j,t]``: MSEK of effect summed over the plan years), and the distance of
two plans is ``|s - s'|_1`` (MSEK).

Each alternative maximises its least L1 distance to the earlier plans (the optimum and the
alternatives found before it): ``max t`` with ``t <= |s - s^k|_1`` for every earlier plan ``k``,
over the near-optimal set. That is convex maximisation, so each distance is linearised with
signs, on one auxiliary column ``t``: with ``sign[k,c] = +1`` where the plan lies above
``s^k[c]`` (at the start: where plan ``k`` does not use cell ``c``) and ``-1`` below, the rows
``t <= sum_c sign[k,c] (s[c] - s^k[c])`` are lower bounds of the distances, exact on the signs'
side; re-sign at the new plan and repeat until the signs settle (a step never lowers the true
least distance). With ``t`` so reached held, a last solve takes the least impact, so an
alternative spends no impact it need not. An alternative at distance 0 from an earlier plan ends
the search: no other plan within the bound differs in board x category savings.

Every plan is tabulated like a solve (``results.tabulate``) and re-checked by the independent
evaluator (``evaluate.evaluate``); an alternative must also meet every requirement the optimum
meets and stay within the impact bound, else ``AlternativeRejected``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.analysis.pipeline import tabulate
from optimizer.model import Model, build
from optimizer.model.objective import stage_costs
from optimizer.model.variables import slack_columns
from optimizer.results.core import Results, write_atomically
from optimizer.results.csv_safe import write_csv
from optimizer.results.evaluate.verify import EvaluationError, evaluate
from optimizer.scenario.inputs import InputError, Inputs, Problem
from optimizer.solver.backends import HighsBackend, Stage
from optimizer.solver.mip import with_decisions_fixed
from optimizer.solver.stages import (
    HOLD_ABS,
    HOLD_REL,
    Outcome,
    SolverFailure,
    drop_rows_after,
    run_stages,
)

LONG_COLUMNS = ["plan", "board", "category", "savings"]
SUMMARY_COLUMNS = ["plan", "impact", "pct_above_optimum", "total_savings", "distance_to_optimal"]
TOL = 1e-6
MAX_RESIGN = 10  # linearisations per alternative (the signs settle in two or three)


class AlternativeRejected(Exception):
    """An alternative failed a check it must pass (an internal error: exit status 1)."""


class NoPlan(Exception):
    """The scenario itself has no plan (hard limits conflict): ``status`` says why."""

    def __init__(self, status: str):
        self.status = status
        super().__init__(f"the scenario has no plan ({status}); nothing to compare with")


@dataclass
class Plan:
    """One plan: its impact, its savings per board x category cell, and its verified tables."""

    name: str
    impact: float
    savings: np.ndarray  # per cell, MSEK summed over the plan years
    distance_to_optimal: float
    distance_to_nearest: float  # to the nearest earlier plan
    results: Results


@dataclass
class Alternatives:
    """The optimum (``plans[0]``) and the alternatives found, on the cells ``cells``."""

    cells: list[tuple[str, str]]
    within: float
    plans: list[Plan]
    notes: list[str] = field(default_factory=list)

    @property
    def optimum(self) -> Plan:
        return self.plans[0]

    def long_table(self) -> pd.DataFrame:
        """``plan,board,category,savings`` for every cell that any plan uses."""
        used = np.any([np.abs(p.savings) > TOL for p in self.plans], axis=0)
        rows = [
            (p.name, b, c, float(p.savings[i]))
            for p in self.plans
            for i, (b, c) in enumerate(self.cells)
            if used[i]
        ]
        return pd.DataFrame(rows, columns=LONG_COLUMNS)

    def summary_table(self) -> pd.DataFrame:
        """``plan,impact,pct_above_optimum,total_savings,distance_to_optimal``."""
        best = self.optimum.impact
        rows = [
            (p.name, p.impact, _pct(p.impact, best), float(p.savings.sum()), p.distance_to_optimal)
            for p in self.plans
        ]
        return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)

    def write(self, directory: str | os.PathLike, force: bool = False) -> Path:
        """Write ``alternatives.csv`` and ``summary.csv`` into ``directory``, atomically."""

        def fill(folder: Path) -> None:
            write_csv(self.long_table(), folder / "alternatives.csv")
            write_csv(self.summary_table(), folder / "summary.csv")

        return write_atomically(directory, force, fill)

    def render(self) -> str:
        """A wide terminal table: plans as columns; impact, savings by board and category."""
        names = [p.name for p in self.plans]
        head = pd.DataFrame(
            {
                p.name: [p.impact, _pct(p.impact, self.optimum.impact), p.distance_to_optimal]
                + [p.distance_to_nearest, float(p.savings.sum())]
                for p in self.plans
            },
            index=[
                "impact",
                "% above optimum",
                "distance to optimum",
                "distance to nearest earlier",
                "total savings",
            ],
        )
        long = self.long_table()
        by_board = long.pivot_table("savings", "board", "plan", aggfunc="sum", sort=False)
        by_cat = long.pivot_table("savings", "category", "plan", aggfunc="sum", sort=False)
        lines = [
            f"Near-optimal plans: within {self.within:.1%} of the least impact "
            f"{_num(self.optimum.impact)}, shortfall held at its least (MSEK summed over the "
            "plan years; distance = sum of |differences| of board x category savings)",
            _fmt(head[names]),
            "",
            "Savings by board",
            _fmt(by_board.reindex(columns=names)),
            "",
            "Savings by category",
            _fmt(by_cat.reindex(columns=names)),
        ]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def parse_within(text: str) -> float:
    """``5%`` -> 0.05, ``0.05`` -> 0.05; anything else raises ``InputError`` naming the value."""
    raw = str(text).strip()
    expected = "a share of the least impact: a percentage like 5% or a fraction like 0.05 (>= 0)"
    match = re.fullmatch(r"([0-9]*\.?[0-9]+)\s*(%?)", raw)
    if not match:
        raise InputError(Problem("--within", "", text, expected))
    value = float(match.group(1))
    if match.group(2):
        return value / 100.0
    if value > 1.0:
        raise InputError(Problem("--within", "", text, expected + f" (did you mean {raw}%?)"))
    return value


def alternatives(
    inputs: Inputs,
    within: float = 0.05,
    count: int = 3,
    progress: Callable[[], object] | None = None,
) -> Alternatives:
    """The optimum and up to ``count`` near-optimal alternatives (module docstring);
    ``progress()`` is called once per alternative found."""
    if within < 0 or count < 1:
        raise ValueError(f"within {within} must be >= 0 and count {count} >= 1")
    started = time.perf_counter()
    # a MIP (minimum sizes): the LP with the plan's take-or-leave decisions fixed
    model = with_decisions_fixed(build(replace(inputs, objective="min_impact")))
    backend = HighsBackend(model.lp)
    outcome = run_stages(model, backend, False, started, None)
    if outcome.plan is None:
        raise NoPlan(outcome.status)
    search = _Search(model, backend, outcome, within)
    optimum = search.plan("optimum", outcome.plan, [], started)
    found = Alternatives(search.cells, within, [optimum])
    for k in range(1, count + 1):
        stage = search.alternative([p.savings for p in found.plans])
        plan = search.plan(f"alt{k}", stage, found.plans, started)
        found.plans.append(plan)
        if progress is not None:
            progress()
        if plan.distance_to_nearest <= search.same:
            same = "the optimum" if plan.distance_to_optimal <= search.same else "an earlier plan"
            found.notes.append(
                f"{plan.name} equals {same} (distance 0 in board x category savings): no other "
                f"plan within {within:.1%} of the least impact differs from the plans above"
            )
            break
    return found


class _Search:
    """The near-optimal set held on one HiGHS back end, and the distance searches on it."""

    def __init__(self, model: Model, backend: HighsBackend, outcome: Outcome, within: float):
        self.model, self.backend, self.within = model, backend, within
        lp, p = model.lp, model.params
        self.cells = sorted({(p.boards[b], p.categories[a]) for b, a, _ in p.pairs})
        index = {cell: i for i, cell in enumerate(self.cells)}
        self.cell_of = np.array(
            [
                index[(p.boards[b], p.categories[a])]
                for b, a in zip(p.col_board, p.col_action, strict=True)
            ],
            dtype=np.int64,
        )
        self.best = float(outcome.objective)
        x = outcome.plan.x
        drop_rows_after(backend, lp.num_rows)
        slacks = slack_columns(lp, model.inputs.shortfall_weights)  # weight 0: stays free
        used = x[slacks] > 1e-9 if len(slacks) else np.zeros(0, dtype=bool)
        backend.set_col_bounds(slacks[~used], 0.0, 0.0)
        backend.set_col_bounds(slacks[used], 0.0, np.inf)
        if used.any():  # each tier's shortfall held at its least (docs/model.md)
            for k, shortfall in enumerate(stage_costs(lp, model.inputs.requirements)):
                self._hold(f"hold_shortfall_{k}", shortfall, float(shortfall @ x))
        self.bound = (1.0 + within) * self.best
        self._hold("hold_impact", lp.cost_vector("min_impact"), self.bound)
        self.rows = backend.num_rows
        backend.highs.addVar(0.0, 0.0)  # t: the least distance, free only during a search
        self.t_col = backend.highs.getNumCol() - 1
        self.same = TOL * max(1.0, float(self.cell_savings(x).sum()))

    def cell_savings(self, x: np.ndarray) -> np.ndarray:
        p, v = self.model.params, self.model.columns
        amount = np.where(np.abs(x[v.x]) < 1e-9, 0.0, x[v.x])
        return np.bincount(self.cell_of, weights=amount * p.savings, minlength=len(self.cells))

    def _hold(self, name: str, cost: np.ndarray, value: float) -> None:
        cols = np.nonzero(cost)[0]
        tol = HOLD_REL * max(1.0, abs(value)) + HOLD_ABS
        self.backend.add_row(name, cols, cost[cols], -np.inf, value + tol)

    def _run(self, cost: np.ndarray) -> Stage:
        stage = self.backend.run(cost, None)
        if stage.status != "optimal":
            raise SolverFailure(f"alternative search ended {stage.status} ({stage.detail})")
        return stage

    def alternative(self, previous: list[np.ndarray]) -> Stage:
        """The plan of the near-optimal set whose least distance to ``previous`` is largest."""
        prev = np.array(previous)
        h, t = self.backend.highs, self.t_col
        signs = np.where(prev <= TOL, 1.0, -1.0)
        h.changeColBounds(t, -np.inf, np.inf)
        for _ in range(MAX_RESIGN):
            drop_rows_after(self.backend, self.rows)
            for k in range(len(prev)):
                self._distance_row(signs[k], prev[k])
            h.changeColCost(t, -1.0)  # maximise t
            stage = self._run(np.zeros(self.model.lp.num_cols))
            s = self.cell_savings(stage.x)
            new = np.where(s > prev + TOL, 1.0, np.where(s < prev - TOL, -1.0, signs))
            if np.array_equal(new, signs):
                break
            signs = new
        reached = -stage.objective  # t*, the least linearised distance
        h.changeColCost(t, 0.0)
        h.changeColBounds(t, reached - 1e-7 * max(1.0, abs(reached)), np.inf)
        final = self._run(self.model.lp.cost_vector("min_impact"))
        drop_rows_after(self.backend, self.rows)
        h.changeColBounds(t, 0.0, 0.0)
        return final

    def _distance_row(self, sign: np.ndarray, previous: np.ndarray) -> None:
        """``t <= sum_c sign[c] (s[c] - previous[c])``, i.e.
        ``t - sum_j sign[cell(j)] savings_j x_j <= -sum_c sign[c] previous[c]``."""
        p, v, b = self.model.params, self.model.columns, self.backend
        vals = -sign[self.cell_of] * p.savings
        keep = np.nonzero(vals)[0]
        idx = np.append(b.perm[v.x[keep]], self.t_col).astype(np.int32)
        coef = np.append(vals[keep], 1.0)
        b.highs.addRow(-np.inf, float(-(sign @ previous)), len(idx), idx, coef)
        b.num_rows += 1

    def plan(self, name: str, stage: Stage, earlier: list[Plan], started: float) -> Plan:
        """Tabulate ``stage``'s plan, verify it, and measure its distances."""

        slacks = slack_columns(self.model.lp, self.model.inputs.shortfall_weights)
        short = float(np.clip(stage.x[slacks], 0.0, None).sum()) if len(slacks) else 0.0
        status = "optimal" if short <= TOL else "shortfall"
        impact = float(self.model.params.impact @ stage.x[self.model.columns.x])
        outcome = Outcome(status, stage, stage, objective=impact)
        results = tabulate(self.model, outcome, self.backend, False, time.perf_counter() - started)
        violations = evaluate(self.model.inputs, results)
        if violations:
            raise EvaluationError(violations)
        s = self.cell_savings(stage.x)
        if earlier:
            self._check(name, results, earlier[0].results, impact)
        gaps = [float(np.abs(s - e.savings).sum()) for e in earlier]
        gaps = [0.0 if g <= self.same else g for g in gaps]  # solver noise is no distance
        return Plan(
            name,
            impact,
            s,
            gaps[0] if gaps else 0.0,
            min(gaps) if gaps else 0.0,
            results,
        )

    def _check(self, name: str, results: Results, optimum: Results, impact: float) -> None:
        """Within the impact bound, and no shortfall where the optimum has none."""
        limit = self.bound + HOLD_REL * max(1.0, abs(self.bound)) + 1e-6 * max(1.0, self.bound)
        if impact > limit:
            raise AlternativeRejected(f"{name}: impact {impact:.6f} above the bound {limit:.6f}")
        keys = ["requirement", "board", "category", "year"]
        met = {tuple(r) for r in optimum.shortfall[keys].astype(str).itertuples(index=False)}
        for row in results.shortfall[keys].astype(str).itertuples(index=False):
            if tuple(row) not in met:
                raise AlternativeRejected(f"{name}: falls short of {tuple(row)}, the optimum not")


def _pct(impact: float, best: float) -> float:
    """Per cent above the least impact; below 1e-6 % it is the hold's tolerance, shown as 0."""
    pct = 0.0 if abs(best) <= TOL else 100.0 * (impact - best) / abs(best)
    return 0.0 if abs(pct) < 1e-6 else pct


def _num(value: float) -> str:
    return f"{value:,.2f}".replace(",", " ")


def _fmt(frame: pd.DataFrame) -> str:
    return frame.fillna(0.0).to_string(float_format=_num)
